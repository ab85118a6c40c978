import "server-only";
/**
 * The I/O of recovery hooks: one signed POST per hook (Standard Webhooks headers, webhook-id
 * stable per action and phase), bounded by the hook's timeout. What the answers mean is decided
 * in lib/recovery/hooks.ts.
 */
import type { HookAction, HookPhase, HookResponse, PreHookDecision, RecoveryHook } from "../recovery";
import { decidePreHooks, hookPayload, hookWebhookId, interpretExecuteHookResponse, interpretPreHookResponse, type ExecuteHookOutcome } from "../recovery";
import { sendWebhook, signWebhook, type Sender } from "../webhooks";

const USER_AGENT = "Vigil-Recovery-Hooks/1";

/** POSTs the action to one hook; never throws (a failure is an answer for the interpreter). */
export async function callRecoveryHook(hook: RecoveryHook, phase: HookPhase, action: HookAction, send: Sender = sendWebhook): Promise<HookResponse> {
  const body = JSON.stringify(hookPayload(phase, action));
  let signature: ReturnType<typeof signWebhook>;
  try {
    signature = signWebhook({ id: hookWebhookId(action.id, phase), timestamp: Date.now(), body, secrets: [hook.secret] });
  } catch (error) {
    // A secret that cannot sign is a broken hook: no request, the phase's error rule decides.
    return { status: null, body: "", timedOut: false, error: `cannot sign: ${error instanceof Error ? error.message : String(error)}` };
  }
  const result = await send({
    url: hook.url,
    headers: { "content-type": "application/json", "user-agent": USER_AGENT, ...signature },
    body,
    timeoutMs: hook.timeoutMs,
  });
  // Every failure without a status except a refusal before sending is one case (see HookResponse).
  return { status: result.status, body: result.responseBody, timedOut: result.status === null && !result.blocked, error: result.error ?? null };
}

/** Asks every pre hook at once (the slowest bounds the wait); one veto stops the action. */
export async function askPreHooks(hooks: readonly RecoveryHook[], action: HookAction, send?: Sender): Promise<PreHookDecision> {
  const verdicts = await Promise.all(
    hooks.map(async (hook) => ({ hook, verdict: interpretPreHookResponse(hook, await callRecoveryHook(hook, "pre", action, send)) })),
  );
  return decidePreHooks(verdicts);
}

/** Has the execute hook perform the action; its answer is the action's outcome. */
export async function runExecuteHook(hook: RecoveryHook, action: HookAction, send?: Sender): Promise<ExecuteHookOutcome> {
  return interpretExecuteHookResponse(hook, await callRecoveryHook(hook, "execute", action, send));
}
