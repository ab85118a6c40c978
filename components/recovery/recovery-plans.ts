/** Pure shaping of recovery plans, actions and timings for the Recovery page. */

export type CandidateLike = { nodeId: string; eligible: boolean; rank: number | null; reasons: string[] };

type PlanLike = { id: string; groupId: string; state: string; createdAt: number; finishedAt: number | null; detail: unknown; actions: { target: string; state: string }[] };

/**
 * A plan is in progress while any of its steps is planned or running, whatever the stored state says:
 * the server closes a failover plan as soon as its promote succeeds, and attaches the follows after.
 */
export function effectivePlanState(plan: Pick<PlanLike, "state" | "actions">): string {
  if (plan.state === "active") return "active";
  return plan.actions.some((action) => action.state === "planned" || action.state === "running") ? "active" : plan.state;
}

/** Active plans first (oldest first: the longest-running needs the most attention), then the most recent finished ones. */
export function splitPlans<P extends PlanLike>(plans: readonly P[], recentLimit: number): { active: P[]; recent: P[] } {
  const active = plans.filter((plan) => effectivePlanState(plan) === "active").sort((a, b) => a.createdAt - b.createdAt);
  const recent = plans
    .filter((plan) => effectivePlanState(plan) !== "active")
    .sort((a, b) => (b.finishedAt ?? b.createdAt) - (a.finishedAt ?? a.createdAt))
    .slice(0, recentLimit);
  return { active, recent };
}

function isCandidate(value: unknown): value is CandidateLike {
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return typeof candidate.nodeId === "string" && typeof candidate.eligible === "boolean" && Array.isArray(candidate.reasons);
}

/** The ranking stored with a failover plan (`detail.candidates`), or null when there is none. */
export function planCandidates(detail: unknown): CandidateLike[] | null {
  if (typeof detail !== "object" || detail === null) return null;
  const candidates = (detail as { candidates?: unknown }).candidates;
  if (!Array.isArray(candidates)) return null;
  const valid = candidates.filter(isCandidate).map((c) => ({ ...c, rank: typeof c.rank === "number" ? c.rank : null }));
  return valid.length ? valid : null;
}

/** Chosen first (by rank), then the excluded ones by node id. */
export function sortCandidates<C extends CandidateLike>(candidates: readonly C[]): C[] {
  return [...candidates].sort((a, b) => {
    if (a.rank !== null && b.rank !== null) return a.rank - b.rank;
    if (a.rank !== null) return -1;
    if (b.rank !== null) return 1;
    if (a.eligible !== b.eligible) return a.eligible ? -1 : 1;
    return a.nodeId.localeCompare(b.nodeId);
  });
}

type ActionLike = { state: string; dryRun: boolean; approvedBy: string | null };

/**
 * Planned actions split by what an operator can do about them: awaiting approval (approve/deny),
 * approved and about to start, and dry-run ("would have done", never runs).
 */
export function splitPlannedActions<A extends ActionLike>(actions: readonly A[]): { awaiting: A[]; approved: A[]; dryRun: A[] } {
  const planned = actions.filter((action) => action.state === "planned");
  return {
    awaiting: planned.filter((action) => !action.dryRun && !action.approvedBy),
    approved: planned.filter((action) => !action.dryRun && Boolean(action.approvedBy)),
    dryRun: planned.filter((action) => action.dryRun),
  };
}

export type TimeSegment = { key: "detection" | "confirm" | "verify"; label: string; ms: number; fraction: number };

/** Detection + confirm + verify as fractions of the total, for a stacked bar. */
export function failoverSegments(breakdown: { detectionMs: number; confirmMs: number; verifyMs: number }): TimeSegment[] {
  const parts = [
    { key: "detection" as const, label: "Detection", ms: Math.max(0, breakdown.detectionMs) },
    { key: "confirm" as const, label: "Confirm", ms: Math.max(0, breakdown.confirmMs) },
    { key: "verify" as const, label: "Verify", ms: Math.max(0, breakdown.verifyMs) },
  ];
  const total = parts.reduce((sum, part) => sum + part.ms, 0);
  return parts.map((part) => ({ ...part, fraction: total > 0 ? part.ms / total : 0 }));
}

/** Whether a plan, block or action concerns `subject` (a group id or a node id). A null subject matches everything. */
export function concerns(subject: string | null, ids: readonly (string | null | undefined)[]): boolean {
  if (subject === null) return true;
  return ids.some((id) => id === subject);
}

/** The subject ids of a plan: its group and every action's target. */
export function planSubjects(plan: PlanLike): string[] {
  return [plan.groupId, ...plan.actions.map((action) => action.target)];
}
