export { replicaGroupStatus, type ReplicaGroupStatus, type ReplicaGroupStatusResult } from "./replica-group-status";
export { addressClaimants, addressKey, followTargetAddress, membershipOf, type ReplicaGroupMember } from "./members";
export { diffProblems } from "./diff-problems";
export { PRIMARY_DEPENDENT_KINDS, settleProblems, type SettleInput, type SettleResult } from "./settle";
export {
  REPLICATION_PROBLEM_KINDS,
  problemKey,
  type ProblemSeverity,
  type ReplicationProblem,
  type ReplicationProblemKind,
  type NoHealthyPrimaryProblem,
  type SplitBrainProblem,
  type WrongFollowerProblem,
  type ReplicationLagProblem,
  type ReplicaLinkDownProblem,
  type SingleZoneProblem,
} from "./problems";
export {
  DEFAULT_REPLICATION_SETTINGS,
  replicationSettingsSchema,
  type ReplicationSettings,
  type ReplicationSettingsInput,
} from "./settings";
export {
  emptyGroupMemory,
  groupMemorySchema,
  parseGroupMemory,
  type GroupMemory,
  type GroupMemoryEntry,
} from "./memory";
export { groupKey } from "./group-key";
