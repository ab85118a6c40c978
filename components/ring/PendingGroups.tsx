import { Plus } from "lucide-react";
import { Button } from "@/components/ui/Button";
import { RingGroupSwatch } from "./RingGroupSwatch";
import type { RingPendingGroup } from "./ring-types";

type PendingGroupsProps = {
  groups: readonly RingPendingGroup[];
  autoJoin: boolean;
  canEdit: boolean;
  busyGroup: string | null;
  onAdd: (groupId: string) => void;
};

/** Listed at once; when a whole fleet is joining, the rest are counted (they join, or are added, the same way). */
const LISTED = 30;

/** Healthy replica groups that own nothing yet. */
export function PendingGroups({ groups, autoJoin, canEdit, busyGroup, onAdd }: PendingGroupsProps) {
  if (groups.length === 0) return <p className="text-sm text-zinc-400">Every healthy replica group is on the ring.</p>;
  return (
    <ul className="divide-y divide-zinc-800/70 rounded-md border border-zinc-800" data-testid="ring-pending">
      {groups.length > LISTED && (
        <li className="px-3 py-2 text-xs text-zinc-400">
          {groups.length} groups waiting; the first {LISTED} are listed.
        </li>
      )}
      {groups.slice(0, LISTED).map((group) => (
        <li key={group.id} className="flex items-center gap-3 px-3 py-2" data-pending-group={group.id}>
          <div className="min-w-0 flex-1">
            <RingGroupSwatch groupId={group.id} />
            <p className="truncate font-mono text-xs text-zinc-400">{group.members.join(", ")}</p>
          </div>
          {autoJoin ? (
            <span className="text-xs text-zinc-400">joins automatically</span>
          ) : canEdit ? (
            <Button size="sm" onClick={() => onAdd(group.id)} disabled={busyGroup !== null}>
              <Plus className="size-3.5" aria-hidden />
              {busyGroup === group.id ? "Previewing…" : "Add to ring"}
            </Button>
          ) : (
            <span className="text-xs text-zinc-400">waiting for an operator</span>
          )}
        </li>
      ))}
    </ul>
  );
}
