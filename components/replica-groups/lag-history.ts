/**
 * Replication lag over the last few minutes, accumulated in the browser from periodic refetches
 * of /api/v1/replica-groups (the metrics API does not carry lag yet).
 */

export type LagSample = { at: number; lags: Readonly<Record<string, number | null>> };
/** Samples per replica group id, oldest first. */
export type LagHistory = ReadonlyMap<string, readonly LagSample[]>;

type GroupLags = { id: string; members: readonly { nodeId: string; lagMs: number | null; isRecognisedPrimary: boolean }[] };

/**
 * Adds one sample per group (its replicas' lag; the primary has none to show) and forgets samples
 * older than `windowMs` and groups that are gone. With `keepOthers` (a page of groups was
 * fetched, not all of them), groups not in this answer keep their recent samples, so paging back
 * finds their charts still filled. Returns a new map; the old one is left untouched.
 */
export function appendLagSamples(history: LagHistory, groups: readonly GroupLags[], at: number, windowMs: number, options: { keepOthers?: boolean } = {}): LagHistory {
  const next = new Map<string, readonly LagSample[]>();
  const oldest = at - windowMs;
  if (options.keepOthers) {
    for (const [id, samples] of history) {
      const kept = samples.filter((sample) => sample.at >= oldest);
      if (kept.length > 0) next.set(id, kept);
    }
  }
  for (const group of groups) {
    const lags: Record<string, number | null> = {};
    for (const member of group.members) if (!member.isRecognisedPrimary) lags[member.nodeId] = member.lagMs;
    const kept = (history.get(group.id) ?? []).filter((sample) => sample.at >= oldest && sample.at < at);
    next.set(group.id, [...kept, { at, lags }]);
  }
  return next;
}

/** The highest lag any sample shows, for a shared y-axis; 0 when nothing was measured. */
export function maxLagIn(samples: readonly LagSample[]): number {
  let max = 0;
  for (const sample of samples) for (const lag of Object.values(sample.lags)) if (lag !== null && lag > max) max = lag;
  return max;
}
