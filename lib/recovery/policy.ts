import { z } from "zod";

/**
 * Recovery policy: per replica group, with a fleet default. The document shape
 * `{ default, groups: { <groupId>: partial overrides } }` is the contract of GET|PUT /api/v1/policies.
 */
export const RECOVERY_MODES = ["off", "dry-run", "approval", "auto"] as const;
export const recoveryModeSchema = z.enum(RECOVERY_MODES);
export type RecoveryMode = z.infer<typeof recoveryModeSchema>;

const ms = z.number().int().min(0).max(7 * 24 * 3_600_000);
const positiveMs = z.number().int().min(1).max(7 * 24 * 3_600_000);

const restartShape = {
  initialBackoffMs: positiveMs,
  maxBackoffMs: positiveMs,
  resetAfterHealthyMs: ms,
  maxRestarts: z.number().int().min(0).max(1_000),
  windowMs: positiveMs,
};
const failoverShape = {
  /** Without replicas confirming the link loss, wait this long after the primary went down. */
  confirmWindowMs: ms,
  /** A replica reporting more lag than this is never promoted. */
  maxLagMs: ms,
  /** A replica must have seen its link to the primary up within this long before the primary went down. */
  linkSeenWithinMs: ms,
  /** The promoted node must report role primary within this long, else the next candidate is tried. */
  verifyTimeoutMs: z.number().int().min(100).max(600_000),
  /** After a completed failover the group gets no other one for this long, unless a human acknowledges. */
  antiFlapMs: ms,
};
const hotReweightShape = {
  enabled: z.boolean(),
  /** Fraction of the current weight taken off per reweight (0..1). */
  step: z.number().gt(0).lt(1),
  minWeight: z.number().gt(0).max(100),
};

export const restartPolicySchema = z.strictObject(restartShape).refine((r) => r.initialBackoffMs <= r.maxBackoffMs, {
  message: "initialBackoffMs must not exceed maxBackoffMs",
  path: ["initialBackoffMs"],
});

export const recoveryPolicySchema = z.strictObject({
  mode: recoveryModeSchema,
  restart: restartPolicySchema,
  failover: z.strictObject(failoverShape),
  /** Never restart a member if fewer than this many other members would stay healthy (capped at members − 1). */
  minAvailableReplicas: z.number().int().min(0).max(1_000),
  /** A ring group with no live member for this long is taken off the ring. */
  ringRemovalAfterMs: ms,
  hotReweight: z.strictObject(hotReweightShape),
});
export type RecoveryPolicy = z.infer<typeof recoveryPolicySchema>;

/** Any subset of a policy; unspecified fields come from the document default (then the built-in one). */
export const recoveryPolicyOverrideSchema = z.strictObject({
  mode: recoveryModeSchema.optional(),
  restart: z.strictObject(restartShape).partial().optional(),
  failover: z.strictObject(failoverShape).partial().optional(),
  minAvailableReplicas: recoveryPolicySchema.shape.minAvailableReplicas.optional(),
  ringRemovalAfterMs: ms.optional(),
  hotReweight: z.strictObject(hotReweightShape).partial().optional(),
});
export type RecoveryPolicyOverride = z.infer<typeof recoveryPolicyOverrideSchema>;

export const policyDocumentInputSchema = z.strictObject({
  default: recoveryPolicyOverrideSchema.optional(),
  groups: z.record(z.string().min(1).max(128), recoveryPolicyOverrideSchema).optional(),
});
export type PolicyDocumentInput = z.infer<typeof policyDocumentInputSchema>;

/** The stored/served document: a complete default and per-group overrides. */
export type PolicyDocument = { default: RecoveryPolicy; groups: Record<string, RecoveryPolicyOverride> };

export function builtInPolicy(mode: RecoveryMode = "auto"): RecoveryPolicy {
  return {
    mode,
    restart: { initialBackoffMs: 10_000, maxBackoffMs: 300_000, resetAfterHealthyMs: 600_000, maxRestarts: 3, windowMs: 900_000 },
    failover: { confirmWindowMs: 5_000, maxLagMs: 10_000, linkSeenWithinMs: 30_000, verifyTimeoutMs: 15_000, antiFlapMs: 1_800_000 },
    minAvailableReplicas: 1,
    ringRemovalAfterMs: 60_000,
    hotReweight: { enabled: false, step: 0.1, minWeight: 0.25 },
  };
}

export function mergePolicy(base: RecoveryPolicy, override: RecoveryPolicyOverride | undefined): RecoveryPolicy {
  if (!override) return base;
  return {
    mode: override.mode ?? base.mode,
    restart: { ...base.restart, ...override.restart },
    failover: { ...base.failover, ...override.failover },
    minAvailableReplicas: override.minAvailableReplicas ?? base.minAvailableReplicas,
    ringRemovalAfterMs: override.ringRemovalAfterMs ?? base.ringRemovalAfterMs,
    hotReweight: { ...base.hotReweight, ...override.hotReweight },
  };
}

export type PolicyParseResult = { ok: true; document: PolicyDocument } | { ok: false; error: string };

/**
 * Validates a document (e.g. a PUT body): the default is completed from the built-in policy
 * (its mode from `defaultMode`, i.e. VIGIL_RECOVERY_MODE), and every group's effective policy is
 * checked too, so an override cannot produce an invalid combination.
 */
export function parsePolicyDocument(input: unknown, defaultMode: RecoveryMode = "auto"): PolicyParseResult {
  const parsed = policyDocumentInputSchema.safeParse(input ?? {});
  if (!parsed.success) return { ok: false, error: describeIssues(parsed.error) };
  const fallback = mergePolicy(builtInPolicy(defaultMode), parsed.data.default);
  const checkedDefault = recoveryPolicySchema.safeParse(fallback);
  if (!checkedDefault.success) return { ok: false, error: `default: ${describeIssues(checkedDefault.error)}` };
  const groups = parsed.data.groups ?? {};
  for (const [groupId, override] of Object.entries(groups)) {
    const checked = recoveryPolicySchema.safeParse(mergePolicy(checkedDefault.data, override));
    if (!checked.success) return { ok: false, error: `groups.${groupId}: ${describeIssues(checked.error)}` };
  }
  return { ok: true, document: { default: checkedDefault.data, groups } };
}

export function defaultPolicyDocument(defaultMode: RecoveryMode = "auto"): PolicyDocument {
  return { default: builtInPolicy(defaultMode), groups: {} };
}

/** The policy in force for one replica group (a group of one is named by its node id). */
export function policyForGroup(document: PolicyDocument, groupId: string): RecoveryPolicy {
  return mergePolicy(document.default, document.groups[groupId]);
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length ? issue.path.join(".") : "(root)"}: ${issue.message}`)
    .join("; ");
}
