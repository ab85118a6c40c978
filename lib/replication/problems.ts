import type { NodeState } from "../protocol/common";
import { groupKey } from "./group-key";

export const REPLICATION_PROBLEM_KINDS = [
  "no_healthy_primary",
  "split_brain",
  "wrong_follower",
  "replication_lag",
  "replica_link_down",
  "single_zone",
] as const;
export type ReplicationProblemKind = (typeof REPLICATION_PROBLEM_KINDS)[number];
export type ProblemSeverity = "info" | "warning" | "critical";

type ProblemCommon = {
  /** Stable while the problem lasts: open/resolve incidents by it. */
  key: string;
  severity: ProblemSeverity;
  /** The group id for group-wide problems, the replica's node id for per-replica ones. */
  subject: string;
  /** Kept free of fast-moving numbers, so an open incident is not rewritten every call. */
  message: string;
  groupId: string;
  implicit: boolean;
  /** The replica a per-replica problem is about; null for group-wide problems. */
  nodeId: string | null;
};

export type NoHealthyPrimaryProblem = ProblemCommon & {
  kind: "no_healthy_primary";
  detail: { primaryId: string | null; primaryState: NodeState | null; epoch: number };
};
export type SplitBrainProblem = ProblemCommon & {
  kind: "split_brain";
  detail: { primaryIds: string[]; recognisedPrimaryId: string | null; epoch: number };
};
export type WrongFollowerProblem = ProblemCommon & {
  kind: "wrong_follower";
  detail: { following: string | null; expected: string };
};
export type ReplicationLagProblem = ProblemCommon & {
  kind: "replication_lag";
  detail: { lagMs: number; thresholdMs: number; offsetLag: number | null; following: string | null };
};
export type ReplicaLinkDownProblem = ProblemCommon & {
  kind: "replica_link_down";
  detail: { following: string | null; lagMs: number | null };
};
export type SingleZoneProblem = ProblemCommon & {
  kind: "single_zone";
  detail: { zone: string; memberIds: string[] };
};

/**
 * Something wrong with a replica group. Structurally a `DetectedProblem` of lib/store/incidents
 * (key, kind, severity, subject, message, detail), so it can be synced as an incident as is.
 */
export type ReplicationProblem =
  | NoHealthyPrimaryProblem
  | SplitBrainProblem
  | WrongFollowerProblem
  | ReplicationLagProblem
  | ReplicaLinkDownProblem
  | SingleZoneProblem;

/** `kind:group=<id>` or `kind:node=<id>` for groups of one, plus `:<node id>` for per-replica problems. */
export function problemKey(kind: ReplicationProblemKind, groupId: string, implicit: boolean, nodeId: string | null = null): string {
  const base = `${kind}:${groupKey(groupId, implicit)}`;
  return nodeId === null ? base : `${base}:${encodeURIComponent(nodeId)}`;
}
