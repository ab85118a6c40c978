import assert from "node:assert/strict";
import { test } from "node:test";
import {
  decidePreHooks,
  executeHookFor,
  hookPayload,
  hookWebhookId,
  interpretExecuteHookResponse,
  interpretPreHookResponse,
  matchingHooks,
  patchHookConfig,
  quoteResponse,
  recoveryHookInputSchema,
  type HookAction,
  type HookResponse,
  type RecoveryHookConfig,
} from "./hooks";

const base = { name: "cab", url: "https://hooks.example.com/recovery", phase: "pre" } as const;

function hook(overrides: Partial<RecoveryHookConfig> = {}): RecoveryHookConfig {
  return { ...recoveryHookInputSchema.parse(base), ...overrides };
}

const answer = (status: number | null, body = "", extra: Partial<HookResponse> = {}): HookResponse => ({ status, body, timedOut: false, error: null, ...extra });
// The outbound client reports a timeout and a refused connection alike (no port-scanner oracle).
const noResponse: HookResponse = { status: null, body: "", timedOut: true, error: "no response: could not connect or timed out" };
const blocked: HookResponse = { status: null, body: "", timedOut: false, error: "destination not allowed (internal address; see VIGIL_OUTBOUND_ALLOW)" };

test("a minimal hook gets safe defaults: every kind and group, 5 s, veto on error, enabled", () => {
  assert.deepEqual(recoveryHookInputSchema.parse(base), {
    ...base,
    actionKinds: [],
    groupIds: [],
    timeoutMs: 5000,
    onError: "veto",
    enabled: true,
  });
  assert.deepEqual(recoveryHookInputSchema.parse({ ...base, actionKinds: ["restart", "restart"], groupIds: ["rg1", "rg1"] }).actionKinds, ["restart"], "duplicates dropped");
});

test("bad hook configs are refused with a message naming the field", () => {
  const cases: [string, Record<string, unknown>, RegExp][] = [
    ["no name", { ...base, name: "  " }, /name/],
    ["not a URL", { ...base, url: "hooks.example.com" }, /url: not a valid URL/],
    ["ftp URL", { ...base, url: "ftp://hooks.example.com/x" }, /only http and https/],
    ["credentials in URL", { ...base, url: "https://user:pw@hooks.example.com/x" }, /no credentials/],
    ["unknown phase", { ...base, phase: "post" }, /phase/],
    ["unknown kind", { ...base, actionKinds: ["reboot"] }, /actionKinds\.0/],
    ["timeout too short", { ...base, timeoutMs: 10 }, /timeoutMs is at least 100/],
    ["timeout too long", { ...base, timeoutMs: 600_000 }, /timeoutMs is at most 60000/],
    ["fractional timeout", { ...base, timeoutMs: 1.5 }, /timeoutMs/],
    ["unknown onError", { ...base, onError: "retry" }, /onError/],
    ["execute hook for a ring change", { ...base, phase: "execute", actionKinds: ["restart", "remove-from-ring"] }, /remove remove-from-ring/],
    ["execute hook with onError allow", { ...base, phase: "execute", onError: "allow" }, /onError applies to pre hooks only/],
    ["unknown field", { ...base, secret: "whsec_x" }, /secret/],
  ];
  for (const [name, input, message] of cases) {
    const parsed = recoveryHookInputSchema.safeParse(input);
    assert.equal(parsed.success, false, name);
    if (!parsed.success) assert.match(parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "), message, name);
  }
});

test("a patch is checked together with what it changes", () => {
  const pre = hook({ onError: "allow" });
  const cases: [string, Parameters<typeof patchHookConfig>[1], boolean, RegExp | null][] = [
    ["disable", { enabled: false }, true, null],
    ["narrow kinds", { actionKinds: ["promote"] }, true, null],
    ["turn an onError=allow pre hook into an execute hook", { phase: "execute" }, false, /onError applies to pre hooks only/],
    ["turn it into an execute hook that vetoes on error", { phase: "execute", onError: "veto" }, true, null],
  ];
  for (const [name, patch, ok, message] of cases) {
    const result = patchHookConfig(pre, patch);
    assert.equal(result.ok, ok, name);
    if (!result.ok && message) assert.match(result.error, message, name);
  }
  const disabled = patchHookConfig(pre, { enabled: false });
  assert.ok(disabled.ok && disabled.config.onError === "allow" && disabled.config.url === pre.url, "untouched fields are kept");
});

test("which hooks apply to an action: phase, enabled, kinds, groups (empty = all), by name", () => {
  const hooks = [
    hook({ name: "z-all" }),
    hook({ name: "a-promote", actionKinds: ["promote"] }),
    hook({ name: "rg2-only", groupIds: ["rg2"] }),
    hook({ name: "off", enabled: false }),
    hook({ name: "cloud", phase: "execute", actionKinds: ["restart"] }),
    hook({ name: "any-exec", phase: "execute" }),
  ];
  const cases: [string, "pre" | "execute", { kind: string; groupId: string }, string[]][] = [
    ["pre for a promote in rg1", "pre", { kind: "promote", groupId: "rg1" }, ["a-promote", "z-all"]],
    ["pre for a restart in rg2", "pre", { kind: "restart", groupId: "rg2" }, ["rg2-only", "z-all"]],
    ["pre for a ring change", "pre", { kind: "remove-from-ring", groupId: "rg1" }, ["z-all"]],
    ["execute for a restart", "execute", { kind: "restart", groupId: "rg1" }, ["any-exec", "cloud"]],
    ["execute for a follow", "execute", { kind: "follow", groupId: "rg1" }, ["any-exec"]],
    ["no execute hook performs a ring change", "execute", { kind: "reweight", groupId: "rg1" }, []],
  ];
  for (const [name, phase, action, expected] of cases) assert.deepEqual(matchingHooks(hooks, phase, action).map((h) => h.name), expected, name);
  assert.equal(executeHookFor(hooks, { kind: "restart", groupId: "rg1" })?.name, "any-exec", "one execute hook, the first by name");
  assert.equal(executeHookFor(hooks, { kind: "add-to-ring", groupId: "rg1" }), null);
});

test("the payload carries the action and the webhook id is stable per action and phase", () => {
  const action: HookAction = { id: "restart-abc123", kind: "restart", target: "n1", groupId: "rg1", epoch: 4, args: {}, reason: "service down", step: "manual" };
  assert.deepEqual(hookPayload("pre", action), {
    type: "vigil.recovery.pre-action",
    action: { id: "restart-abc123", kind: "restart", target: "n1", groupId: "rg1", epoch: 4, args: {}, reason: "service down", step: "manual" },
  });
  assert.equal(hookPayload("execute", action, 2).type, "vigil.recovery.execute");
  assert.equal(hookPayload("execute", action, 2).attempt, 2);
  assert.equal(hookWebhookId("restart-abc123", "pre"), "restart-abc123-pre");
  assert.equal(hookWebhookId("restart-abc123", "execute"), "restart-abc123-execute");
  assert.equal(hookWebhookId("odd id.with,chars", "pre"), "odd_id_with_chars-pre", "no characters the signature spec forbids");
});

test("pre hook answers: veto, allow, or onError", () => {
  const veto = hook({ onError: "veto" });
  const allow = hook({ onError: "allow" });
  const cases: [string, RecoveryHookConfig, HookResponse, boolean, RegExp][] = [
    ["200 allow:false with reason", veto, answer(200, JSON.stringify({ allow: false, reason: "change freeze until 18:00" })), false, /^«change freeze until 18:00»$/],
    ["200 allow:false without reason", veto, answer(200, JSON.stringify({ allow: false })), false, /no reason given/],
    ["200 allow:true", veto, answer(200, JSON.stringify({ allow: true })), true, /HTTP 200/],
    ["204 empty", veto, answer(204), true, /HTTP 204/],
    ["200 text", veto, answer(200, "ok"), true, /HTTP 200/],
    ["409 with JSON reason", allow, answer(409, JSON.stringify({ reason: "node is being drained" })), false, /^«node is being drained»$/],
    ["403 with text", allow, answer(403, "not during business hours"), false, /^«not during business hours»$/],
    ["403 empty", allow, answer(403), false, /HTTP 403/],
    ["500, onError veto", veto, answer(500, "boom"), false, /answered HTTP 500: «boom»; vetoed \(onError: veto\)/],
    ["500, onError allow", allow, answer(500), true, /answered HTTP 500; allowed/],
    ["302 redirect is not an answer", veto, answer(302), false, /HTTP 302; vetoed/],
    ["no response, onError veto", veto, noResponse, false, /^no response: could not connect or timed out; vetoed/],
    ["no response, onError allow", allow, noResponse, true, /^no response: could not connect or timed out; allowed/],
    ["blocked, onError allow", allow, blocked, true, /^destination not allowed .*; allowed/],
  ];
  for (const [name, config, response, allowed, reason] of cases) {
    const verdict = interpretPreHookResponse(config, response);
    assert.equal(verdict.allow, allowed, name);
    assert.match(verdict.reason, reason, name);
  }
  const long = interpretPreHookResponse(veto, answer(409, "x".repeat(5000)));
  assert.ok(long.reason.length <= 300, "reasons are bounded");
});

test("answered text is quoted so redaction can find it, and cannot close its own quote", () => {
  assert.equal(quoteResponse("  two\n lines "), "«two lines»");
  assert.equal(quoteResponse("a» visible «b"), "«a visible b»");
  assert.equal(quoteResponse("x".repeat(1000)).length, 300);
});

test("pre hook verdicts together: any veto wins, reported by hook name", () => {
  const yes = { allow: true, reason: "answered HTTP 200", byOnError: false };
  const lenient = { allow: true, reason: "no answer within 5000 ms; allowed (onError: allow)", byOnError: true };
  const no = (reason: string) => ({ allow: false, reason, byOnError: false });
  assert.deepEqual(decidePreHooks([]), { allowed: true, notes: [] });
  assert.deepEqual(decidePreHooks([{ hook: { name: "a" }, verdict: yes }, { hook: { name: "b" }, verdict: lenient }]), {
    allowed: true,
    notes: ["pre hook b: no answer within 5000 ms; allowed (onError: allow)"],
  });
  const vetoed = decidePreHooks([{ hook: { name: "z" }, verdict: no("late") }, { hook: { name: "m" }, verdict: no("freeze") }, { hook: { name: "a" }, verdict: yes }]);
  assert.deepEqual(vetoed, { allowed: false, hook: "m", reason: "freeze", message: "vetoed by hook m: freeze" });
});

test("execute hook answers become the action's outcome", () => {
  const cloud = hook({ name: "cloud", phase: "execute", timeoutMs: 2000 });
  const cases: [string, HookResponse, "succeeded" | "failed" | "timed_out", RegExp][] = [
    ["200 empty", answer(200), "succeeded", /^hook cloud: answered HTTP 200$/],
    ["202 with detail", answer(202, JSON.stringify({ outcome: "succeeded", detail: "instance i-123 rebooted" })), "succeeded", /^hook cloud: «instance i-123 rebooted»$/],
    ["200 outcome failed", answer(200, JSON.stringify({ outcome: "failed", detail: "instance not found" })), "failed", /instance not found/],
    ["200 unknown outcome", answer(200, JSON.stringify({ outcome: "maybe" })), "failed", /unknown outcome «maybe»/],
    ["200 text body", answer(200, "done"), "succeeded", /HTTP 200/],
    ["500", answer(500, "quota exceeded"), "failed", /answered HTTP 500: «quota exceeded»/],
    ["404", answer(404), "failed", /HTTP 404/],
    ["no response (refused or timed out: the hook may have acted)", noResponse, "timed_out", /^hook cloud: no response: could not connect or timed out$/],
    ["blocked (nothing sent)", blocked, "failed", /^hook cloud: destination not allowed/],
  ];
  for (const [name, response, state, detail] of cases) {
    const outcome = interpretExecuteHookResponse(cloud, response);
    assert.equal(outcome.state, state, name);
    assert.match(outcome.detail, detail, name);
  }
});
