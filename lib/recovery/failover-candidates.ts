import type { NodeView } from "../protocol/views";
import type { ReplicaGroupMember, ReplicaGroupStatus } from "../replication";
import { seconds } from "./ladder";
import type { RecoveryPolicy } from "./policy";
import type { FailoverCandidate } from "./types";

export const DEFAULT_PRIORITY = 100;
export const PRIORITY_LABEL = "priority";

/** The node's `priority` label (default 100; 0 = never promote). An unreadable label counts as the default. */
export function nodePriority(node: Pick<NodeView, "labels"> | undefined): number {
  const raw = node?.labels[PRIORITY_LABEL];
  if (raw === undefined) return DEFAULT_PRIORITY;
  const value = Number(raw.trim());
  return Number.isFinite(value) && raw.trim() !== "" ? value : DEFAULT_PRIORITY;
}

export type RankingInput = {
  group: ReplicaGroupStatus;
  nodesById: ReadonlyMap<string, NodeView>;
  failedPrimaryId: string;
  /** When the primary went down: link sightings are judged relative to it. */
  primaryDownSince: number;
  linkSeenAt: Readonly<Record<string, number>>;
  policy: RecoveryPolicy["failover"];
  /** Candidates already promoted in this failover without being verified. */
  tried: ReadonlySet<string>;
  maintenanceNodeIds: ReadonlySet<string>;
};

type Judged = { member: ReplicaGroupMember; priority: number; exclusions: string[] };

/**
 * Ranks every member for promotion, recording why each is chosen or excluded. Eligible: healthy,
 * connected, link to the primary seen within `linkSeenWithinMs` of its failure, lag ≤ `maxLagMs`,
 * priority > 0. Order: priority desc, offset desc, node id asc.
 */
export function rankCandidates(input: RankingInput): FailoverCandidate[] {
  const judged = input.group.members.map((member) => judge(member, input));
  const eligible = judged
    .filter((entry) => entry.exclusions.length === 0)
    .sort((a, b) => b.priority - a.priority || (b.member.offset ?? -1) - (a.member.offset ?? -1) || compareIds(a.member.nodeId, b.member.nodeId));
  const excluded = judged.filter((entry) => entry.exclusions.length > 0).sort((a, b) => compareIds(a.member.nodeId, b.member.nodeId));
  return [
    ...eligible.map((entry, index) => ({ nodeId: entry.member.nodeId, eligible: true, rank: index + 1, reasons: chosenReasons(entry, index, input) })),
    ...excluded.map((entry) => ({ nodeId: entry.member.nodeId, eligible: false, rank: null, reasons: entry.exclusions })),
  ];
}

function judge(member: ReplicaGroupMember, input: RankingInput): Judged {
  const priority = nodePriority(input.nodesById.get(member.nodeId));
  if (member.nodeId === input.failedPrimaryId) return { member, priority, exclusions: ["the failed primary"] };
  const exclusions: string[] = [];
  if (input.tried.has(member.nodeId)) exclusions.push("already promoted in this failover without reporting role primary in time");
  if (input.maintenanceNodeIds.has(member.nodeId) || member.state === "maintenance") exclusions.push("under maintenance");
  else if (member.state !== "healthy") exclusions.push(`unhealthy (state ${member.state})`);
  if (!member.connected) exclusions.push("agent not connected: a promote command cannot reach it");
  if (member.role !== "replica") exclusions.push(member.role === null ? "reports no replication role" : `reports role ${member.role}, not replica`);
  const linkExclusion = linkProblem(member, input);
  if (linkExclusion) exclusions.push(linkExclusion);
  if (member.lagMs === null) exclusions.push("reports no replication lag");
  else if (member.lagMs > input.policy.maxLagMs) exclusions.push(`lagging ${seconds(member.lagMs)} behind (limit ${seconds(input.policy.maxLagMs)})`);
  if (priority <= 0) exclusions.push(`priority ${priority}: never promoted`);
  return { member, priority, exclusions };
}

function linkProblem(member: ReplicaGroupMember, input: RankingInput): string | null {
  const seenAt = input.linkSeenAt[member.nodeId];
  if (seenAt === undefined) return "link to the primary never seen up by Vigil";
  const before = input.primaryDownSince - seenAt;
  if (before > input.policy.linkSeenWithinMs) {
    return `link to the primary last seen ${seconds(before)} before it failed (limit ${seconds(input.policy.linkSeenWithinMs)})`;
  }
  return null;
}

function chosenReasons(entry: Judged, index: number, input: RankingInput): string[] {
  const seenAt = input.linkSeenAt[entry.member.nodeId];
  const link = seenAt >= input.primaryDownSince ? "link up until the primary failed" : `link seen ${seconds(input.primaryDownSince - seenAt)} before the primary failed`;
  const facts = `priority ${entry.priority}, offset ${entry.member.offset ?? "unknown"}, lag ${seconds(entry.member.lagMs ?? 0)}, ${link}`;
  return [index === 0 ? `chosen: best by priority, then offset, then id (${facts})` : `eligible, ranked ${index + 1} (${facts})`];
}

function compareIds(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}
