import type { NodeView } from "../protocol/views";
import type { ReplicationProblem, ReplicationProblemKind } from "./problems";
import type { ReplicaGroupStatus } from "./replica-group-status";

/**
 * Problems that are only true if Vigil knows who the primary is and has heard every member: at a
 * start (or after a stall) the agents have not all said hello yet, and a group whose primary has
 * not reported looks primary-less or split for a second.
 */
export const PRIMARY_DEPENDENT_KINDS: ReadonlySet<ReplicationProblemKind> = new Set(["no_healthy_primary", "split_brain", "wrong_follower"]);

/**
 * After Vigil stops distrusting itself, agents still in the middle of reconnecting get this long
 * to say hello before a missing primary counts: a heartbeat interval or two plus a hello's round trip.
 */
export const SETTLE_AFTER_DISTRUST_MS = 3_000;
/** A member that has said hello but not yet been judged (state unknown) holds its group's primary problems this long at most. */
export const UNREPORTED_MEMBER_MS = 30_000;

export type SettleInput = {
  now: number;
  problems: readonly ReplicationProblem[];
  groups: readonly ReplicaGroupStatus[];
  /** For members' `stateSince`: how long an unknown member has been waiting for its first verdict. */
  nodes: readonly NodeView[];
  /** The latest end of a self-distrust period this process has seen (start grace, stall, clock jump, backlog); null if none. */
  distrustedUntil: number | null;
  /** Keys reported (so open as incidents) by the previous call: never withheld, so an open incident is not resolved and reopened. */
  reportedKeys: ReadonlySet<string>;
};

export type SettleResult =
  /** Vigil distrusts its own view: leave incidents exactly as they are (open none, resolve none). */
  | { sync: false; reason: string }
  | { sync: true; report: ReplicationProblem[]; withheld: ReplicationProblem[] };

/**
 * Decides which replication problems may open (and close) incidents now. While detection is in
 * grace nothing is synced; afterwards, problems that depend on knowing the primary are withheld
 * for groups whose members have not all reported yet. Real problems open once the group has settled.
 */
export function settleProblems(input: SettleInput): SettleResult {
  const { now, distrustedUntil } = input;
  if (distrustedUntil !== null && now < distrustedUntil + SETTLE_AFTER_DISTRUST_MS) {
    return { sync: false, reason: now < distrustedUntil ? "detection in grace" : "agents still reconnecting after the grace" };
  }
  const unsettled = unsettledGroupKeys(input.groups, input.nodes, now);
  const report: ReplicationProblem[] = [];
  const withheld: ReplicationProblem[] = [];
  for (const problem of input.problems) {
    const hold = PRIMARY_DEPENDENT_KINDS.has(problem.kind) && unsettled.has(groupKeyOf(problem)) && !input.reportedKeys.has(problem.key);
    (hold ? withheld : report).push(problem);
  }
  return { sync: true, report, withheld };
}

function groupKeyOf(problem: Pick<ReplicationProblem, "groupId" | "implicit">): string {
  return `${problem.implicit ? "node" : "group"}:${problem.groupId}`;
}

/** Groups with a member that said hello but has no verdict yet (recently: a member stuck unknown is not waited for forever). */
function unsettledGroupKeys(groups: readonly ReplicaGroupStatus[], nodes: readonly NodeView[], now: number): Set<string> {
  const since = new Map(nodes.map((node) => [node.id, node.stateSince]));
  const keys = new Set<string>();
  for (const group of groups) {
    const waiting = group.members.some((member) => member.state === "unknown" && now - (since.get(member.nodeId) ?? Number.NEGATIVE_INFINITY) < UNREPORTED_MEMBER_MS);
    if (waiting) keys.add(groupKeyOf({ groupId: group.id, implicit: group.implicit }));
  }
  return keys;
}
