import { z } from "zod";
import { msSchema } from "./shared";

/**
 * The audit log: `GET /api/v1/audit` (filtered, newest first, cursor pages) and
 * `GET /api/v1/audit/kinds`. Every `action` an audit row can carry is a key of AUDIT_KINDS;
 * `audit.test.ts` finds every kind written in lib/ and app/ and fails on one missing here.
 */
export const AUDIT_KINDS = {
  "auth.login": "A login (actor: the email tried, detail: the client address): outcome ok, failed (wrong email or password) or throttled (refused without checking the password)",
  "auth.logout": "A user logged out",
  "auth.setup": "The first admin was created on a fresh install (ok), or a wrong setup code was refused (refused)",
  "user.create": "An admin created a user",
  "user.update": "An admin changed a user's role, name or password",
  "user.delete": "An admin removed a user",
  "api-token.create": "An API token was created (its role and scopes in the detail)",
  "api-token.revoke": "An API token was revoked",
  "agent-token.create": "An enrollment (agent) token was created",
  "agent-token.revoke": "An enrollment (agent) token was revoked",
  "receiver.create": "A webhook receiver was created",
  "receiver.update": "A webhook receiver was changed",
  "receiver.delete": "A webhook receiver was removed",
  "receiver.rotate-secret": "A receiver's signing secret was rotated",
  "receiver.test": "A test notification was sent to a receiver",
  "escalation-policy.create": "An escalation policy was created",
  "escalation-policy.update": "An escalation policy was replaced",
  "escalation-policy.delete": "An escalation policy was removed",
  "schedule.create": "An on-call schedule was created",
  "schedule.update": "An on-call schedule was replaced",
  "schedule.delete": "An on-call schedule was removed with its overrides",
  "schedule.override-create": "Someone was put on call by an override",
  "schedule.override-delete": "An on-call override was removed",
  "contact-method.create": "A contact method was added to a user",
  "contact-method.delete": "A contact method was removed from a user",
  "silence.create": "An alert silence was created",
  "silence.delete": "An alert silence was removed or expired early",
  "rules.update": "The alert rules were saved",
  "maintenance.create": "A maintenance window was created",
  "maintenance.delete": "A maintenance window was removed",
  "policies.update": "The recovery policies were saved",
  "hook.create": "A recovery hook was created",
  "hook.update": "A recovery hook was changed",
  "hook.delete": "A recovery hook was removed",
  "recovery-hook.create": "A recovery hook was created (the name written before this issue)",
  "recovery-hook.update": "A recovery hook was changed (the name written before this issue)",
  "recovery-hook.delete": "A recovery hook was removed (the name written before this issue)",
  "ring.change": "An operator changed the ring (add, remove, reweight)",
  "ring.settings": "The ring's settings were saved",
  "groups.settings": "The load-grouping settings were saved",
  "recovery.freeze": "The recovery kill switch was engaged: no action runs",
  "recovery.unfreeze": "The recovery kill switch was released",
  "recovery.acknowledge": "An operator acknowledged a recovery block",
  "action.request": "An operator requested a manual recovery action",
  "action.approve": "An operator approved a planned or manual action",
  "action.cancel": "An operator cancelled a planned action",
  "action.restart": "A restart action: planned, awaiting approval, running, its outcome (then did-not-heal when the service was still sick 30 s later), or refused",
  "action.promote": "A promotion: planned, awaiting approval, running, its outcome, or refused (fencing, guards)",
  "action.follow": "A replica told to follow a primary: planned, running, its outcome, or refused",
  "action.remove-from-ring": "A node taken out of the ring: planned, running, its outcome",
  "action.add-to-ring": "A node put back into the ring: planned, running, its outcome",
  "action.reweight": "A node's ring weight changed by recovery: planned, running, its outcome",
  "action.switchover": "A planned switchover: requested, awaiting approval, scheduled, refused (preflight, guards, fencing), and its outcome with the timeline of its steps (pause, catch-up, promote, re-point, demote, unpause)",
  "action.run-hook": "A recovery hook run by an operator: requested, its outcome, or refused",
  "incident.ack": "An incident was acknowledged",
  "page.acknowledge": "A page was acknowledged (in Vigil, or with a signed link: actor link:acknowledge and the client address), or a link to do so was refused (expired, already used)",
  "page.resolve": "A page was resolved by a person (in Vigil, or with a signed link), or a link to do so was refused",
  "page.link-refused": "A signed page link that was invalid or tampered with was opened or used (only a digest of the token is kept)",
  "action.deny": "A recovery action waiting for approval was denied with a signed link (it is cancelled), or such a link was refused",
  "delivery.redeliver": "A webhook delivery was sent again",
  "enrollment.approve": "A pending node was approved",
  "enrollment.reject": "A pending node was rejected",
  "node.enrol": "A node enrolled with an enrollment token (credential issued, or waiting for approval)",
  "node.approve": "A node's enrolment was approved",
  "node.reject": "A node's enrolment was rejected",
  "node.credential-reset": "A node's credential was forgotten: its agent must enrol again",
  "node.decommission": "A node was decommissioned",
  "node.steering-changed": "A node's agent reported new steering attributes (applied, or held for approval)",
  "node.steering-pinned": "An operator pinned a node's steering attributes",
  "node.steering-approved": "A held steering change was approved",
  "node.steering-rejected": "A held steering change was rejected",
  "node.steering-pin": "An operator pinned a node's steering attributes (route audit)",
  "node.steering-approve": "A held steering change was approved (route audit)",
  "node.steering-reject": "A held steering change was rejected (route audit)",
  "alertmanager.ingest": "Alerts were posted by an Alertmanager (alerts:ingest token)",
} as const satisfies Record<string, string>;

export type AuditKind = keyof typeof AUDIT_KINDS;

/** The kinds grouped by what comes before their first dot ("receiver", "node", …), for filters. */
export function auditKindPrefix(kind: string): string {
  const dot = kind.indexOf(".");
  return dot < 0 ? kind : kind.slice(0, dot);
}

const kindList = Object.entries(AUDIT_KINDS)
  .map(([kind, description]) => `\`${kind}\`: ${description}`)
  .join("; ");

export const AUDIT_MAX_LIMIT = 500;

export const auditQuerySchema = z.object({
  action: z
    .string()
    .max(100)
    .optional()
    .meta({ description: `An action kind, exact, or a prefix ending in "." (e.g. \`receiver.\`). The kinds: ${kindList}` }),
  actor: z.string().max(200).optional().meta({ description: "Who did it, exact: a user's email, a token's name, `vigil` for the recovery job, `enrollment-token:<id>`" }),
  target: z.string().max(200).optional().meta({ description: "What it was done to, exact: a node id, a receiver's name, a user's id…" }),
  from: z.coerce.number().int().min(0).optional().meta({ description: "Entries at or after this time (epoch ms)" }),
  to: z.coerce.number().int().min(0).optional().meta({ description: "Entries at or before this time (epoch ms)" }),
  limit: z.coerce.number().int().min(1).max(AUDIT_MAX_LIMIT).default(200),
  cursor: z.string().max(100).optional().meta({ description: "`nextCursor` of the page before" }),
});
export type AuditQuery = z.infer<typeof auditQuerySchema>;

export const auditItemSchema = z.object({
  id: z.number(),
  at: msSchema,
  actor: z.string(),
  action: z.string().meta({ description: "One of the kinds of `GET /api/v1/audit/kinds`" }),
  target: z.string(),
  epoch: z.number().nullable(),
  outcome: z.string(),
  detail: z.string().nullable(),
});
export type AuditItem = z.infer<typeof auditItemSchema>;

/** Newest first; pass `nextCursor` back as `cursor` for the page after (null: no more). */
export const auditPageSchema = z.object({ items: z.array(auditItemSchema), nextCursor: z.string().nullable() });
export type AuditPage = z.infer<typeof auditPageSchema>;

export const auditKindsSchema = z.object({
  items: z.array(z.object({ kind: z.string(), prefix: z.string(), description: z.string() })),
});
export type AuditKinds = z.infer<typeof auditKindsSchema>;

export function auditKindList(): AuditKinds {
  return { items: Object.entries(AUDIT_KINDS).map(([kind, description]) => ({ kind, prefix: auditKindPrefix(kind), description })) };
}
