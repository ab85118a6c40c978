import type { GroupContext } from "./group-context";
import { groupLabel } from "./group-context";
import { isPrimaryHealthy } from "./members";
import type { NoHealthyPrimaryProblem, SingleZoneProblem, SplitBrainProblem } from "./problems";
import { problemKey } from "./problems";

/**
 * No member both claims primary and is healthy. Groups where nobody declares or reports any
 * role (a plain node with no replication) have no primary to miss.
 */
export function findNoHealthyPrimary(context: GroupContext): NoHealthyPrimaryProblem | null {
  const { primary, members, settings } = context;
  if (!members.some((member) => member.role !== null)) return null;
  if (primary && isPrimaryHealthy(primary.state, settings)) return null;
  const why = primary ? `its primary ${primary.nodeId} is ${primary.state}` : "no member reports role primary";
  return {
    kind: "no_healthy_primary",
    key: problemKey("no_healthy_primary", context.groupId, context.implicit),
    severity: "critical",
    subject: context.groupId,
    message: `${groupLabel(context)} has no healthy primary: ${why}`,
    groupId: context.groupId,
    implicit: context.implicit,
    nodeId: null,
    detail: { primaryId: primary?.nodeId ?? null, primaryState: primary?.state ?? null, epoch: context.epoch },
  };
}

/** Two or more members that are healthy or still connected claim primary. */
export function findSplitBrain(context: GroupContext): SplitBrainProblem | null {
  const claimants = context.members.filter((member) => member.role === "primary" && (member.state === "healthy" || member.connected));
  if (claimants.length < 2) return null;
  const primaryIds = claimants.map((member) => member.nodeId).sort();
  const recognisedPrimaryId = context.primary?.nodeId ?? null;
  return {
    kind: "split_brain",
    key: problemKey("split_brain", context.groupId, context.implicit),
    severity: "critical",
    subject: context.groupId,
    message: `${groupLabel(context)} has ${primaryIds.length} primaries: ${primaryIds.join(", ")} (Vigil recognises ${recognisedPrimaryId ?? "none"})`,
    groupId: context.groupId,
    implicit: context.implicit,
    nodeId: null,
    detail: { primaryIds, recognisedPrimaryId, epoch: context.epoch },
  };
}

/** Every member of a group of two or more sits in one zone (members with no zone: not judged). */
export function findSingleZone(context: GroupContext): SingleZoneProblem | null {
  const { members } = context;
  if (members.length < 2) return null;
  const zones = new Set(members.map((member) => member.zone));
  if (zones.size !== 1) return null;
  const [zone] = zones;
  if (zone === null || zone === undefined) return null;
  return {
    kind: "single_zone",
    key: problemKey("single_zone", context.groupId, context.implicit),
    severity: "warning",
    subject: context.groupId,
    message: `all ${members.length} members of ${groupLabel(context)} are in zone ${zone}: losing that zone loses the group`,
    groupId: context.groupId,
    implicit: context.implicit,
    nodeId: null,
    detail: { zone, memberIds: members.map((member) => member.nodeId).sort() },
  };
}
