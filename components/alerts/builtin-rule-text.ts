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
  RecoveryFrozen: "Auto-recovery is frozen by the kill switch or a blast-radius freeze (Vigil may be cut off from a zone).",
  RecoveryFrozenSelfCheck: "Auto-recovery waits because Vigil distrusts its own view: start grace, event-loop stall, clock jump or ingest backlog.",
  RecoveryFailed: "A recovery action failed.",
  RecoveryEscalated: "A recovery was escalated to a human.",
  FailoverCompleted: "A replica group failed over to a new primary.",
};

export const NUMBER_FIELD_LABELS: Record<string, { label: string; unit: string; hint: string; step: string }> = {
  forSeconds: { label: "for", unit: "s", hint: "How long the condition must hold before the alert fires.", step: "1" },
  holdSeconds: { label: "hold", unit: "s", hint: "Event alerts have no condition that clears: they stay firing this long after the event.", step: "1" },
  maxShare: { label: "max share", unit: "0–1", hint: "Fires when the hottest group holds more than this fraction of the fleet.", step: "0.05" },
};

/**
 * Why each built-in rule waits as long as it does: for state rules, why the condition must hold
 * `forSeconds` (often 0, because what feeds the rule already waited); for event rules, why the
 * alert stays firing `holdSeconds` after the event.
 */
const TIMING_REASON: Record<string, string> = {
  NodeDown: "Detection already waited for missed heartbeats (phi-accrual, no down verdicts during Vigil's start grace), so waiting longer would only delay the page.",
  NodeSuspectTooLong: "A suspect node usually catches up or goes down within seconds; only one that stays late is worth a look.",
  GroupWithoutPrimary: "Its incident opens only after Vigil's start grace and once the group's members have reported, and a group without a primary takes no writes.",
  SplitBrain: "Two primaries can accept conflicting writes: every second counts.",
  ReplicationLag: "The replication check already compares lag with its threshold every 2 s; raise this to ignore short catch-ups.",
  ReplicaLinkDown: "A replica without its link stops receiving writes and cannot take over safely.",
  LoadOutlier: "Load grouping flags a node only after it was an outlier for several consecutive runs (or far beyond the threshold), so no further wait is needed.",
  HotGroupShare: "Load moves between groups during deploys and spikes; only a lasting imbalance matters.",
  AgentStaleRingEpoch: "Agents acknowledge a new placement within seconds; one still behind after a minute did not get it.",
  VigilPartitioned: "While Vigil looks cut off from a zone its verdicts there are doubtful and destructive recovery is frozen.",
  RecoveryBlocked: "A block is an event with no condition that clears: it stays up long enough for the on-call to see it, then resolves by itself.",
  RecoveryFrozen: "A state, not an event: it resolves the moment the kill switch is turned off or the blast-radius freeze lifts (after a minute clear).",
  RecoveryFrozenSelfCheck: "A state and only a warning: every start has a few seconds of it, and it resolves as soon as Vigil trusts its view again.",
  RecoveryFailed: "A failed action is an event with no condition that clears: it stays up long enough for the on-call to see it, then resolves by itself.",
  RecoveryEscalated: "An escalation is an event asking for a human: it stays up long enough for the on-call to act, then resolves by itself.",
  FailoverCompleted: "A completed failover is news, not a fault: it stays up long enough to be noticed, then resolves by itself.",
};

/** 0 → "at once", 90 → "90 s", 1800 → "1800 s (30 min)". */
function secondsText(seconds: number): string {
  if (seconds === 0) return "at once";
  if (seconds < 120 || seconds % 60 !== 0) return `${seconds} s`;
  return seconds % 3600 === 0 ? `${seconds} s (${seconds / 3600} h)` : `${seconds} s (${seconds / 60} min)`;
}

/**
 * The rule's timing in words from the values being edited, e.g. "Fires once the condition has
 * held 60 s. A suspect node usually…". Unparsable values fall back to the reason alone.
 */
export function builtinRuleTiming(name: string, numbers: Readonly<Record<string, string>>): string {
  const reason = TIMING_REASON[name] ?? "";
  const hold = numbers.holdSeconds === undefined ? null : Number(numbers.holdSeconds);
  const wait = numbers.forSeconds === undefined ? null : Number(numbers.forSeconds);
  if (hold !== null && Number.isFinite(hold) && hold >= 0) return `Stays firing ${secondsText(hold)} after the event, then resolves. ${reason}`.trim();
  if (wait !== null && Number.isFinite(wait) && wait >= 0) {
    const fires = wait === 0 ? "Fires at once and resolves when the condition clears." : `Fires once the condition has held ${secondsText(wait)}; resolves when it clears.`;
    return `${fires} ${reason}`.trim();
  }
  return reason;
}
