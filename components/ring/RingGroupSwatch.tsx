import { ringGroupColor } from "@/components/ring/ring-colors";

type RingGroupSwatchProps = {
  groupId: string;
  /** Without the name only the dot is drawn. */
  showName?: boolean;
  className?: string;
};

/** A ring group's colour dot and name: the same look on the ring, in the tables and in the history. */
export function RingGroupSwatch({ groupId, showName = true, className = "" }: RingGroupSwatchProps) {
  const color = ringGroupColor(groupId);
  return (
    <span className={`inline-flex min-w-0 items-center gap-1.5 ${className}`} data-ring-group={groupId}>
      <span className="size-2.5 shrink-0 rounded-full ring-1 ring-black/40" style={{ background: color }} aria-hidden />
      {showName && (
        <span className="truncate font-mono font-medium" style={{ color }}>
          {groupId}
        </span>
      )}
    </span>
  );
}
