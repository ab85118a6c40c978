/**
 * Recovery hooks: HTTP endpoints an operator configures around recovery actions. Pure: the
 * configuration schema, which hooks apply to an action, the signed payload's body and what an
 * answer means. The I/O (signing, POST, timeout) lives in lib/control/recovery-hooks.ts.
 *
 * - "pre" hooks are asked before an action runs (agent command or ring change) and can veto it:
 *   a change-freeze calendar, an orchestrator that knows a node is being drained, a human gate.
 * - an "execute" hook performs the action itself instead of the node's agent, e.g. a cloud API
 *   that restarts a dead VM whose agent cannot answer. The server never sends a shell command:
 *   agents run shell hooks only from their own local config.
 */
import { z } from "zod";
import { RECOVERY_ACTION_KINDS } from "./types";

export const HOOK_PHASES = ["pre", "execute"] as const;
export type HookPhase = (typeof HOOK_PHASES)[number];

/** Every kind an action can have: the planner's and the operator's manual `run-hook`. */
export const HOOK_ACTION_KINDS = [...RECOVERY_ACTION_KINDS, "run-hook"] as const;
export type HookActionKind = (typeof HOOK_ACTION_KINDS)[number];

/**
 * What an execute hook may perform: the agent's commands. Ring changes are Vigil's own state
 * (stored epochs pushed to agents), so no outside endpoint can perform them in Vigil's stead.
 */
export const EXECUTABLE_HOOK_KINDS = ["restart", "promote", "follow", "run-hook"] as const satisfies readonly HookActionKind[];

export const HOOK_ON_ERROR = ["veto", "allow"] as const;
export type HookOnError = (typeof HOOK_ON_ERROR)[number];

export const HOOK_TIMEOUT_MIN_MS = 100;
/** A hook holds its action (and, for a failover, the group's availability) while it thinks. */
export const HOOK_TIMEOUT_MAX_MS = 60_000;
export const HOOK_TIMEOUT_DEFAULT_MS = 5_000;

/** Reasons and details are shown in the UI and the audit log: one line, bounded. */
const TEXT_LIMIT = 300;

const hookUrlSchema = z
  .string()
  .trim()
  .max(2000)
  .refine((url) => URL.canParse(url), "not a valid URL")
  .refine((url) => /^https?:\/\//i.test(url), "only http and https URLs")
  .refine((url) => !URL.canParse(url) || (new URL(url).username === "" && new URL(url).password === ""), "no credentials in the URL: the request is signed with the hook's secret");

const hookFields = {
  name: z.string().trim().min(1, "a name is required").max(100),
  url: hookUrlSchema,
  phase: z.enum(HOOK_PHASES, `phase is "pre" (asked before an action, can veto) or "execute" (performs the action)`),
  actionKinds: z.array(z.enum(HOOK_ACTION_KINDS, `action kinds are ${HOOK_ACTION_KINDS.join(", ")}`)).max(HOOK_ACTION_KINDS.length),
  groupIds: z.array(z.string().trim().min(1).max(128)).max(500),
  timeoutMs: z
    .number()
    .int()
    .min(HOOK_TIMEOUT_MIN_MS, `timeoutMs is at least ${HOOK_TIMEOUT_MIN_MS}`)
    .max(HOOK_TIMEOUT_MAX_MS, `timeoutMs is at most ${HOOK_TIMEOUT_MAX_MS}`),
  onError: z.enum(HOOK_ON_ERROR, `onError is "veto" (the default: when in doubt, don't act) or "allow"`),
  enabled: z.boolean(),
};

type HookFields = { [K in keyof typeof hookFields]: z.output<(typeof hookFields)[K]> };

function checkConsistency(hook: Partial<HookFields>, context: z.RefinementCtx): void {
  if (hook.phase !== "execute") return;
  const executable: readonly string[] = EXECUTABLE_HOOK_KINDS;
  const refused = (hook.actionKinds ?? []).filter((kind) => !executable.includes(kind));
  if (refused.length > 0) {
    context.addIssue({
      code: "custom",
      path: ["actionKinds"],
      message: `an execute hook performs only ${EXECUTABLE_HOOK_KINDS.join(", ")} (ring changes are Vigil's own): remove ${refused.join(", ")}`,
    });
  }
  if (hook.onError === "allow") {
    context.addIssue({ code: "custom", path: ["onError"], message: `onError applies to pre hooks only: an execute hook's error is its action's failure` });
  }
}

const unique = <T>(values: readonly T[]): T[] => [...new Set(values)];

/** A hook as an operator writes it (POST body); the defaults make the result a full config. */
export const recoveryHookInputSchema = z
  .object({
    name: hookFields.name,
    url: hookFields.url,
    phase: hookFields.phase,
    actionKinds: hookFields.actionKinds.optional(),
    groupIds: hookFields.groupIds.optional(),
    timeoutMs: hookFields.timeoutMs.optional(),
    onError: hookFields.onError.optional(),
    enabled: hookFields.enabled.optional(),
  })
  .strict()
  .superRefine(checkConsistency)
  .transform(
    (hook): HookFields => ({
      name: hook.name,
      url: hook.url,
      phase: hook.phase,
      actionKinds: unique(hook.actionKinds ?? []),
      groupIds: unique(hook.groupIds ?? []),
      timeoutMs: hook.timeoutMs ?? HOOK_TIMEOUT_DEFAULT_MS,
      // When in doubt, don't act: an unreachable pre hook holds the action back.
      onError: hook.onError ?? "veto",
      enabled: hook.enabled ?? true,
    }),
  );
export type RecoveryHookInput = z.input<typeof recoveryHookInputSchema>;
export type RecoveryHookConfig = z.output<typeof recoveryHookInputSchema>;

/** A PATCH body: any field; the merged result is validated again as a whole (see `patchHookConfig`). */
export const recoveryHookPatchSchema = z.object(hookFields).partial().strict();
export type RecoveryHookPatch = z.output<typeof recoveryHookPatchSchema>;

export type HookConfigResult = { ok: true; config: RecoveryHookConfig } | { ok: false; error: string };

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length ? issue.path.join(".") : "(root)"}: ${issue.message}`)
    .join("; ");
}

/** A stored hook with a patch applied, checked like a new one (a patch cannot make a hook inconsistent). */
export function patchHookConfig(current: RecoveryHookConfig, patch: RecoveryHookPatch): HookConfigResult {
  const parsed = recoveryHookInputSchema.safeParse({ ...current, ...patch });
  return parsed.success ? { ok: true, config: parsed.data } : { ok: false, error: describeIssues(parsed.error) };
}

/** A hook the executor can call: its config plus identity and signing secret. */
export type RecoveryHook = RecoveryHookConfig & { id: string; secret: string };

/** The action as hooks see it. */
export type HookAction = {
  id: string;
  kind: string;
  target: string;
  groupId: string;
  epoch: number;
  args: Readonly<Record<string, unknown>>;
  reason: string;
  /** The ladder step ("attempt 2", "episode … restart 3", "manual"), when known. */
  step?: string;
};

function applies(hook: RecoveryHookConfig, phase: HookPhase, action: Pick<HookAction, "kind" | "groupId">): boolean {
  if (!hook.enabled || hook.phase !== phase) return false;
  if (phase === "execute" && !(EXECUTABLE_HOOK_KINDS as readonly string[]).includes(action.kind)) return false;
  if (hook.actionKinds.length > 0 && !(hook.actionKinds as readonly string[]).includes(action.kind)) return false;
  return hook.groupIds.length === 0 || hook.groupIds.includes(action.groupId);
}

/** Enabled hooks of `phase` whose kind and group filters accept the action, by name (a stable order). */
export function matchingHooks<T extends RecoveryHookConfig>(hooks: readonly T[], phase: HookPhase, action: Pick<HookAction, "kind" | "groupId">): T[] {
  return hooks.filter((hook) => applies(hook, phase, action)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * The one execute hook that performs the action, or null (the agent does). Exactly one: two
 * endpoints both restarting a VM would be two restarts; the first by name wins, predictably.
 */
export function executeHookFor<T extends RecoveryHookConfig>(hooks: readonly T[], action: Pick<HookAction, "kind" | "groupId">): T | null {
  return matchingHooks(hooks, "execute", action)[0] ?? null;
}

export const HOOK_EVENT_TYPES = { pre: "vigil.recovery.pre-action", execute: "vigil.recovery.execute" } as const satisfies Record<HookPhase, string>;

export type HookPayload = {
  type: (typeof HOOK_EVENT_TYPES)[HookPhase];
  action: { id: string; kind: string; target: string; groupId: string; epoch: number; args: Readonly<Record<string, unknown>>; reason: string; step?: string };
  /** Counts sends of this action to this phase when the caller knows it (a repeat after a Vigil restart is > 1). */
  attempt?: number;
};

export function hookPayload(phase: HookPhase, action: HookAction, attempt?: number): HookPayload {
  return {
    type: HOOK_EVENT_TYPES[phase],
    action: {
      id: action.id,
      kind: action.kind,
      target: action.target,
      groupId: action.groupId,
      epoch: action.epoch,
      args: action.args,
      reason: action.reason,
      ...(action.step ? { step: action.step } : {}),
    },
    ...(attempt !== undefined ? { attempt } : {}),
  };
}

/**
 * The Standard Webhooks `webhook-id`: stable per (action, phase), so a receiver deduplicates a
 * request Vigil repeats after a restart. The spec's ids contain no whitespace, comma or dot.
 */
export function hookWebhookId(actionId: string, phase: HookPhase): string {
  return `${actionId.replace(/[\s,.]/g, "_")}-${phase}`;
}

/** What came back from one hook request (built by the sender, interpreted here). */
export type HookResponse = {
  /** HTTP status, or null when there was no answer. */
  status: number | null;
  /** The answer's body (bounded by the sender). */
  body: string;
  /**
   * No answer although the request may have gone out: could not connect, reset, or no answer in
   * time. Deliberately one case (lib/net/outbound.ts): an outcome an operator reads must not tell
   * a port scanner "refused" from "timed out". False when nothing was sent (blocked, cannot sign).
   */
  timedOut: boolean;
  /** Why there was no answer, as callers may read it, when there was none. */
  error: string | null;
};

function oneLine(text: string, limit = TEXT_LIMIT): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > limit ? `${flat.slice(0, limit - 1)}…` : flat;
}

/**
 * Text an outside endpoint answered is quoted between these marks wherever an outcome or reason
 * repeats it, so that lib/auth/redaction.ts can hide it from everyone below admin.
 */
export const RESPONSE_QUOTE = { open: "«", close: "»" } as const;

/** `«text»` on one line, bounded; the marks themselves are dropped from the text so it cannot end its own quote. */
export function quoteResponse(text: string): string {
  const { open, close } = RESPONSE_QUOTE;
  return `${open}${oneLine(text.split(open).join("").split(close).join(""), TEXT_LIMIT - 2)}${close}`;
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return null;
  }
}

const preAnswerSchema = z.looseObject({ allow: z.boolean().optional(), reason: z.string().optional() });
const executeAnswerSchema = z.looseObject({ outcome: z.string().optional(), detail: z.string().optional() });

function isSuccess(status: number | null): status is number {
  return status !== null && status >= 200 && status < 300;
}

/** "no response: could not connect or timed out", "answered HTTP 500: «...»". */
function describeFailure(response: HookResponse): string {
  if (response.status === null) return oneLine(response.error ?? "no response");
  const body = oneLine(response.body);
  return `answered HTTP ${response.status}${body ? `: ${quoteResponse(body)}` : ""}`;
}

export type PreHookVerdict = {
  allow: boolean;
  reason: string;
  /** The hook gave no usable answer and its `onError` decided. */
  byOnError: boolean;
};

/**
 * A pre hook's answer: 2xx with `{ "allow": false, "reason" }` or a 403/409 is a veto, any
 * other 2xx allows; anything else (other status, no answer, timeout) is decided by `onError`.
 */
export function interpretPreHookResponse(hook: Pick<RecoveryHookConfig, "onError">, response: HookResponse): PreHookVerdict {
  const answer = preAnswerSchema.safeParse(parseJson(response.body));
  const stated = answer.success && answer.data.reason?.trim() ? quoteResponse(answer.data.reason) : null;
  if (isSuccess(response.status)) {
    if (answer.success && answer.data.allow === false) return { allow: false, reason: stated ?? "no reason given", byOnError: false };
    return { allow: true, reason: stated ?? `answered HTTP ${response.status}`, byOnError: false };
  }
  if (response.status === 403 || response.status === 409) {
    return { allow: false, reason: stated ?? (response.body.trim() ? quoteResponse(response.body) : `answered HTTP ${response.status}`), byOnError: false };
  }
  const failure = describeFailure(response);
  return hook.onError === "allow"
    ? { allow: true, reason: `${failure}; allowed (onError: allow)`, byOnError: true }
    : { allow: false, reason: `${failure}; vetoed (onError: veto)`, byOnError: true };
}

export type PreHookDecision = { allowed: true; notes: string[] } | { allowed: false; hook: string; reason: string; message: string };

/**
 * Every pre hook's verdict together: one veto stops the action (the first by hook name is the one
 * reported); otherwise the notes keep what was unusual (a hook allowed by its onError).
 */
export function decidePreHooks(verdicts: readonly { hook: Pick<RecoveryHookConfig, "name">; verdict: PreHookVerdict }[]): PreHookDecision {
  const sorted = [...verdicts].sort((a, b) => (a.hook.name < b.hook.name ? -1 : a.hook.name > b.hook.name ? 1 : 0));
  const veto = sorted.find((entry) => !entry.verdict.allow);
  if (veto) return { allowed: false, hook: veto.hook.name, reason: veto.verdict.reason, message: `vetoed by hook ${veto.hook.name}: ${veto.verdict.reason}` };
  return { allowed: true, notes: sorted.filter((entry) => entry.verdict.byOnError).map((entry) => `pre hook ${entry.hook.name}: ${entry.verdict.reason}`) };
}

export type ExecuteHookOutcome = { state: "succeeded" | "failed" | "timed_out"; detail: string };

/**
 * An execute hook's answer is the action's outcome: 2xx succeeded unless the body says
 * `{ "outcome": "failed" }`; any other status failed; no answer (the hook may have acted) timed
 * out; nothing sent (blocked) failed.
 */
export function interpretExecuteHookResponse(hook: Pick<RecoveryHookConfig, "name">, response: HookResponse): ExecuteHookOutcome {
  const via = `hook ${hook.name}`;
  if (response.status === null) return { state: response.timedOut ? "timed_out" : "failed", detail: `${via}: ${describeFailure(response)}` };
  if (!isSuccess(response.status)) return { state: "failed", detail: `${via}: ${describeFailure(response)}` };
  const answer = executeAnswerSchema.safeParse(parseJson(response.body));
  if (!answer.success) return { state: "succeeded", detail: `${via}: answered HTTP ${response.status}` };
  const detail = answer.data.detail?.trim() ? quoteResponse(answer.data.detail) : `answered HTTP ${response.status}`;
  const outcome = answer.data.outcome;
  if (outcome === undefined || outcome === "succeeded") return { state: "succeeded", detail: `${via}: ${detail}` };
  if (outcome === "failed") return { state: "failed", detail: `${via}: ${detail}` };
  // An outcome we do not know is not a success we can vouch for.
  return { state: "failed", detail: `${via}: unknown outcome ${quoteResponse(outcome)} (expected "succeeded" or "failed"): ${detail}` };
}
