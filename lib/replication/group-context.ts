import type { ReplicaGroupMember } from "./members";
import type { ReplicationSettings } from "./settings";

/** What the problem checks look at for one group. */
export type GroupContext = {
  groupId: string;
  implicit: boolean;
  epoch: number;
  members: readonly ReplicaGroupMember[];
  /** The recognised primary, or null. */
  primary: ReplicaGroupMember | null;
  settings: ReplicationSettings;
};

export function groupLabel(context: GroupContext): string {
  return context.implicit ? `node ${context.groupId} (no group)` : `replica group ${context.groupId}`;
}
