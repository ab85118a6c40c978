import type { PolicyView } from "@/lib/protocol/api/paging";

export type TargetKind = "receiver" | "user" | "schedule";
export type StepForm = { delayMinutes: string; targets: { kind: TargetKind; id: string }[] };
export type PolicyForm = {
  name: string;
  severities: string[];
  /** Not edited in the form (the API sets them); kept as they are so a save does not drop them. */
  matchers?: PolicyView["routing"]["matchers"];
  groupBy: string;
  groupWaitSeconds: string;
  steps: StepForm[];
  repeat: string;
  recoveryAware: boolean;
  enabled: boolean;
};

export const EMPTY_POLICY_FORM: PolicyForm = {
  name: "",
  severities: ["critical"],
  groupBy: "alertname",
  groupWaitSeconds: "30",
  steps: [{ delayMinutes: "0", targets: [] }],
  repeat: "0",
  recoveryAware: true,
  enabled: true,
};

export function policyToForm(policy: PolicyView): PolicyForm {
  return {
    name: policy.name,
    severities: policy.routing.severities ?? [],
    ...(policy.routing.matchers ? { matchers: policy.routing.matchers } : {}),
    groupBy: (policy.routing.groupBy ?? []).join(", "),
    groupWaitSeconds: String(Math.round((policy.routing.groupWaitMs ?? 0) / 1000)),
    steps: policy.steps.map((step) => ({ delayMinutes: String(step.delayMs / 60_000), targets: step.targets.map((t) => ({ ...t })) })),
    repeat: String(policy.repeat),
    recoveryAware: policy.recoveryAware,
    enabled: policy.enabled,
  };
}

/**
 * The request body for the form, or the first thing to fix. The server validates again (its
 * schema is the truth); this only catches what a person can fix before sending.
 */
export function formToBody(form: PolicyForm): { body: Record<string, unknown> } | { error: string } {
  if (!form.name.trim()) return { error: "Give the policy a name." };
  const steps: { delayMs: number; targets: { kind: TargetKind; id: string }[] }[] = [];
  for (const [index, step] of form.steps.entries()) {
    const minutes = index === 0 ? 0 : Number(step.delayMinutes);
    if (!Number.isFinite(minutes) || minutes < 0 || minutes > 24 * 60) return { error: `Step ${index + 1}: wait 0–1440 minutes.` };
    const targets = step.targets.filter((t) => t.id);
    if (targets.length === 0) return { error: `Step ${index + 1}: choose at least one target.` };
    steps.push({ delayMs: Math.round(minutes * 60_000), targets });
  }
  if (steps.length === 0) return { error: "Add at least one step." };
  const repeat = Number(form.repeat);
  if (!Number.isInteger(repeat) || repeat < 0 || repeat > 10) return { error: "Repeat 0–10 times." };
  const groupWaitSeconds = Number(form.groupWaitSeconds);
  if (!Number.isFinite(groupWaitSeconds) || groupWaitSeconds < 0) return { error: "Group wait is a number of seconds." };
  const groupBy = form.groupBy
    .split(",")
    .map((label) => label.trim())
    .filter(Boolean);
  return {
    body: {
      name: form.name.trim(),
      routing: { ...(form.severities.length ? { severities: form.severities } : {}), ...(form.matchers ? { matchers: form.matchers } : {}), groupBy, groupWaitMs: Math.round(groupWaitSeconds * 1000) },
      steps,
      repeat,
      recoveryAware: form.recoveryAware,
      enabled: form.enabled,
    },
  };
}

/** "0 min", "+10 min", "+1 h 30 min": when a step fires, as the chain reads. */
export function stepDelayText(delayMs: number, index: number): string {
  const minutes = Math.round(delayMs / 60_000);
  const text = minutes >= 60 ? `${Math.floor(minutes / 60)} h${minutes % 60 ? ` ${minutes % 60} min` : ""}` : `${minutes} min`;
  return index === 0 ? text : `+${text}`;
}
