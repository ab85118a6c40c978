/** What each built-in rule watches, in a line, and which number fields it has mean. */
export const BUILTIN_RULE_TEXT: Record<string, string> = {
  NodeDown: "A node stopped sending heartbeats (detected down).",
  NodeSuspectTooLong: "A node stays suspect (late heartbeats) longer than its “for”.",
  GroupWithoutPrimary: "A replica group has no recognised primary.",
  SplitBrain: "A replica group has more than one primary.",
  ReplicationLag: "A replica lags its primary beyond the replication threshold.",
  ReplicaLinkDown: "A replica lost its link to the primary.",
  LoadOutlier: "Load grouping flags a node far from every group's centroid.",
  HotGroupShare: "The hottest load group holds more than the max share of the fleet.",
  AgentStaleRingEpoch: "An agent has not acknowledged the ring's current placement.",
  VigilPartitioned: "A large share of a zone went down at once: Vigil may be cut off from it.",
  RecoveryBlocked: "Auto-recovery was blocked (policy or budget).",
  RecoveryFrozen: "Auto-recovery is frozen.",
  RecoveryFailed: "A recovery action failed.",
  RecoveryEscalated: "A recovery was escalated to a human.",
  FailoverCompleted: "A replica group failed over to a new primary.",
};

export const NUMBER_FIELD_LABELS: Record<string, { label: string; unit: string; hint: string; step: string }> = {
  forSeconds: { label: "for", unit: "s", hint: "How long the condition must hold before the alert fires.", step: "1" },
  holdSeconds: { label: "hold", unit: "s", hint: "Event alerts have no condition that clears: they stay firing this long.", step: "1" },
  maxShare: { label: "max share", unit: "0–1", hint: "Fires when the hottest group holds more than this fraction of the fleet.", step: "0.05" },
};
