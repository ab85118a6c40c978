import { z } from "zod";
import {
  BLOCK_KINDS,
  policyDocumentInputSchema,
  RECOVERY_ACTION_KINDS,
  RECOVERY_EVENT_KINDS,
  recoveryHookInputSchema,
  recoveryHookPatchSchema,
  recoveryModeSchema,
  recoveryPolicyOverrideSchema,
  recoveryPolicySchema,
} from "../../recovery";
import { isoSchema, itemsOf, msSchema } from "./shared";

/**
 * Recovery: policies, the kill switch and freezes, blocks and their acknowledgement, actions
 * (planned, approved, manual), plans, hooks and the audit trail.
 */

// ---------- policies ----------

/** The stored/served document: a complete default and per-group overrides. */
export const policyDocumentSchema = z.object({ default: recoveryPolicySchema, groups: z.record(z.string(), recoveryPolicyOverrideSchema) });
/** `PUT /api/v1/policies`: every field optional, merged over the built-in policy; validated in full by lib/recovery. */
export { policyDocumentInputSchema };

// ---------- kill switch, freezes, blocks ----------

export const killSwitchSchema = z.object({ frozen: z.boolean(), by: z.string().nullable(), at: msSchema.nullable(), reason: z.string().nullable() });
export type KillSwitch = z.infer<typeof killSwitchSchema>;
export const freezeBodySchema = z.object({ reason: z.string().trim().max(500).optional() });
/** Lifts an acknowledgeable block (anti-flap after a failover, an escalation). */
export const acknowledgeBodySchema = z.object({ blockId: z.string().min(1).max(256) });

export const failoverCandidateSchema = z.object({
  nodeId: z.string(),
  eligible: z.boolean(),
  /** 1 = the one to promote; null when excluded. */
  rank: z.number().nullable(),
  reasons: z.array(z.string()),
});
export type FailoverCandidateView = z.infer<typeof failoverCandidateSchema>;

/** Why something Vigil would do is not being done. Stable `id` while the cause lasts. */
export const blockSchema = z.object({
  id: z.string(),
  kind: z.enum(BLOCK_KINDS),
  groupId: z.string().nullable(),
  nodeId: z.string().nullable(),
  actionKind: z.enum(RECOVERY_ACTION_KINDS).nullable(),
  actionId: z.string().nullable(),
  reason: z.string(),
  /** A human can lift it by acknowledging `id`. */
  acknowledgeable: z.boolean(),
  raises: z.enum(RECOVERY_EVENT_KINDS).nullable(),
  until: msSchema.nullable(),
  candidates: z.array(failoverCandidateSchema).optional(),
});

export const freezeSchema = z.object({
  id: z.string(),
  kind: z.enum(["kill-switch", "self-check", "blast-radius"]),
  /** "all": no action at all; "destructive": promote, follow, restart, remove-from-ring. */
  scope: z.enum(["all", "destructive"]),
  reason: z.string(),
  since: msSchema,
  until: msSchema.nullable(),
});

// ---------- actions, plans, status ----------

export const actionQuerySchema = z.object({
  state: z.string().max(32).optional(),
  groupId: z.string().max(128).optional(),
  target: z.string().max(128).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});
export type ActionQuery = z.infer<typeof actionQuerySchema>;

export const MANUAL_ACTION_KINDS = ["restart", "promote", "follow", "run-hook"] as const;
/**
 * A manual action passes the planner's guards (lib/recovery/manual-guards.ts). `force` overrides
 * the guards that can be overridden: an admin's action then runs, an operator's waits for an
 * admin's approval; either way the reason and the overridden guards are audited. A refusal is a
 * 409 whose `details.violations` name each guard.
 */
export const manualActionSchema = z
  .object({
    kind: z.enum(MANUAL_ACTION_KINDS),
    target: z.string().min(1).max(128),
    /** follow: `target` is the node to follow (a member of the same replica group); run-hook: `hook`. */
    args: z.object({ target: z.string().max(128).optional(), hook: z.string().max(64).optional() }).default({}),
    reason: z.string().trim().min(1).max(500),
    force: z.boolean().default(false),
  })
  .refine((action) => action.kind !== "follow" || (action.args.target !== undefined && action.args.target !== action.target), {
    message: "a follow needs args.target: another node of the same replica group to follow",
    path: ["args", "target"],
  });
export type ManualAction = z.infer<typeof manualActionSchema>;
/** `state` "running": the recovery loop executes it; "planned": forced by an operator, it waits for an admin's approval. */
export const createdActionSchema = z.object({ id: z.string(), state: z.enum(["running", "planned"]), epoch: z.number(), overridden: z.array(z.string()) });
export type CreatedAction = z.infer<typeof createdActionSchema>;
/** `details` of a refused manual action (409). */
export const guardViolationSchema = z.object({ guard: z.string(), message: z.string(), overridable: z.boolean() });

export const actionViewSchema = z.object({
  id: z.string(),
  kind: z.string(),
  target: z.string(),
  state: z.string(),
  reason: z.string(),
  /** Fencing token: the group epoch, or the ring epoch for ring actions. */
  epoch: z.number(),
  createdAt: msSchema,
  finishedAt: msSchema.nullable(),
  groupId: z.string(),
  planId: z.string().nullable(),
  dryRun: z.boolean(),
  /** planner or operator. */
  source: z.string(),
  approvedBy: z.string().nullable(),
  outcome: z.string().nullable(),
  args: z.record(z.string(), z.unknown()),
  step: z.string(),
});
export type ActionView = z.infer<typeof actionViewSchema>;
export const actionListSchema = itemsOf(actionViewSchema);
export type ActionList = z.infer<typeof actionListSchema>;

export const planViewSchema = z.object({
  id: z.string(),
  groupId: z.string(),
  kind: z.string(),
  state: z.string(),
  reason: z.string(),
  createdAt: msSchema,
  finishedAt: msSchema.nullable(),
  detail: z.unknown(),
  actions: z.array(
    z.object({ id: z.string(), kind: z.string(), target: z.string(), state: z.string(), epoch: z.number(), outcome: z.string().nullable(), reason: z.string(), step: z.string() }),
  ),
});
export type PlanView = z.infer<typeof planViewSchema>;

/** The Recovery page's first paint: kill switch, freezes, blocks, rankings, plans, worst-case failover time. */
export const recoveryStatusSchema = z.object({
  at: msSchema,
  blocks: z.array(blockSchema),
  freezes: z.array(freezeSchema),
  rankings: z.array(z.object({ groupId: z.string(), candidates: z.array(failoverCandidateSchema) })),
  killSwitch: killSwitchSchema,
  mode: recoveryModeSchema,
  /** Worst case from a silently hung primary to a verified promotion, under the default policy. */
  worstCaseFailover: z.object({ detectionMs: z.number(), confirmMs: z.number(), verifyMs: z.number(), totalMs: z.number() }),
  plans: z.array(planViewSchema),
});
export type RecoveryStatus = z.infer<typeof recoveryStatusSchema>;

// ---------- audit ----------

// The audit log's schemas moved to ./audit.ts; these names stay for the recovery page.
export { auditItemSchema, auditPageSchema as auditListSchema, auditQuerySchema } from "./audit";
export type { AuditItem, AuditPage as AuditList } from "./audit";

// ---------- hooks ----------

export { recoveryHookInputSchema, recoveryHookPatchSchema };

/** A hook as the API shows it: never its secret (answered once, on creation), only a prefix to recognise it. */
export const recoveryHookViewSchema = recoveryHookPatchSchema.required().extend({
  id: z.string(),
  secretPrefix: z.string(),
  createdBy: z.string().nullable(),
  createdAt: isoSchema,
  /** Below admin: the URL is `scheme://host[:port]/…` (lib/auth/redaction.ts). */
  redacted: z.boolean(),
});
export type RecoveryHookView = z.infer<typeof recoveryHookViewSchema>;
export const recoveryHookListSchema = itemsOf(recoveryHookViewSchema);
export type RecoveryHookList = z.infer<typeof recoveryHookListSchema>;
export const createdRecoveryHookSchema = recoveryHookViewSchema.extend({ secret: z.string() });
