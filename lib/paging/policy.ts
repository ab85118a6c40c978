import { z } from "zod";
import { receiverSchema } from "../alerts/receivers";

const DAY_MS = 24 * 3_600_000;
/** Faster than this is a retry storm, not an escalation (a few seconds is for tests and drills; minutes are usual). */
export const MIN_STEP_DELAY_MS = 1_000;

export const policyTargetSchema = z.object({
  kind: z.enum(["receiver", "user", "schedule"]),
  id: z.string().min(1).max(128),
});
export type PolicyTarget = z.infer<typeof policyTargetSchema>;

export const policyStepSchema = z.object({
  /** From the previous step (from the page opening for step 1). */
  delayMs: z.number().int().min(0).max(DAY_MS),
  targets: z.array(policyTargetSchema).min(1).max(20),
});
export type PolicyStep = z.infer<typeof policyStepSchema>;

/**
 * Which alerts a policy pages for and how they group: a receiver's routing fields, by the same
 * names, because the paging round spreads them into `receiverSchema`.
 */
export const policyRoutingSchema = receiverSchema.pick({ severities: true, matchers: true, groupBy: true, groupWaitMs: true });
export type PolicyRouting = z.infer<typeof policyRoutingSchema>;

export const escalationPolicySchema = z.object({
  name: z.string().trim().min(1).max(200),
  routing: policyRoutingSchema.default({ groupBy: ["alertname"], groupWaitMs: 30_000 }),
  steps: z
    .array(policyStepSchema)
    .min(1)
    .max(10)
    .superRefine((steps, ctx) => {
      steps.forEach((step, index) => {
        if (index > 0 && step.delayMs < MIN_STEP_DELAY_MS) ctx.addIssue({ code: "custom", path: [index, "delayMs"], message: `steps after the first wait at least ${MIN_STEP_DELAY_MS} ms` });
      });
    }),
  repeat: z.number().int().min(0).max(10).default(0),
  recoveryAware: z.boolean().default(true),
  enabled: z.boolean().default(true),
});
export type EscalationPolicy = z.infer<typeof escalationPolicySchema>;
export type EscalationPolicyInput = z.input<typeof escalationPolicySchema>;

/** "0 min → schedule Primary; +10 min → receiver pagerduty; repeat ×2": the chain as people read it. */
export function describePolicy(policy: Pick<EscalationPolicy, "steps" | "repeat">, nameOf: (target: PolicyTarget) => string = (t) => t.id): string {
  const steps = policy.steps.map((step, index) => {
    const minutes = Math.round(step.delayMs / 60_000);
    const when = index === 0 ? `${minutes} min` : `+${minutes} min`;
    return `${when} → ${step.targets.map((target) => `${target.kind} ${nameOf(target)}`).join(", ")}`;
  });
  return [...steps, ...(policy.repeat > 0 ? [`repeat ×${policy.repeat}`] : [])].join("; ");
}
