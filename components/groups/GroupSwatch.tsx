import { groupColor } from "@/components/groups/group-colors";

type GroupSwatchProps = {
  groupId: number;
  /** Without a name only the dot is drawn (e.g. in a dense table cell that has the name elsewhere). */
  name?: string;
  className?: string;
};

/** A group's colour dot, optionally with its name: the same look wherever a group is mentioned. */
export function GroupSwatch({ groupId, name, className = "" }: GroupSwatchProps) {
  const color = groupColor(groupId);
  return (
    <span className={`inline-flex min-w-0 items-center gap-1.5 ${className}`} data-group-id={groupId}>
      <span className="size-2.5 shrink-0 rounded-full ring-1 ring-black/40" style={{ background: color }} aria-hidden />
      {name && (
        <span className="truncate font-medium" style={{ color }}>
          {name}
        </span>
      )}
    </span>
  );
}
