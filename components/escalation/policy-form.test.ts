import assert from "node:assert/strict";
import { test } from "node:test";
import { EMPTY_POLICY_FORM, formToBody, policyToForm, stepDelayText } from "./policy-form";

test("a filled form becomes the API body, minutes to ms, step 1 at once", () => {
  const out = formToBody({
    ...EMPTY_POLICY_FORM,
    name: " Storage ",
    groupBy: "alertname, node",
    steps: [
      { delayMinutes: "5", targets: [{ kind: "schedule", id: "s1" }] },
      { delayMinutes: "10", targets: [{ kind: "receiver", id: "r1" }, { kind: "user", id: "" }] },
    ],
    repeat: "2",
  });
  assert.ok("body" in out);
  assert.deepEqual(out.body, {
    name: "Storage",
    routing: { severities: ["critical"], groupBy: ["alertname", "node"], groupWaitMs: 30_000 },
    steps: [
      { delayMs: 0, targets: [{ kind: "schedule", id: "s1" }] },
      { delayMs: 600_000, targets: [{ kind: "receiver", id: "r1" }] },
    ],
    repeat: 2,
    recoveryAware: true,
    enabled: true,
  });
});

test("what a person must fix is said before sending", () => {
  assert.deepEqual(formToBody(EMPTY_POLICY_FORM), { error: "Give the policy a name." });
  assert.deepEqual(formToBody({ ...EMPTY_POLICY_FORM, name: "x" }), { error: "Step 1: choose at least one target." });
  assert.deepEqual(formToBody({ ...EMPTY_POLICY_FORM, name: "x", steps: [{ delayMinutes: "0", targets: [{ kind: "user", id: "u" }] }], repeat: "11" }), { error: "Repeat 0–10 times." });
});

test("a stored policy round-trips through the form", () => {
  const policy = {
    id: "p",
    createdAt: "2026-01-01T00:00:00.000Z",
    name: "P",
    routing: { matchers: [{ name: "group", value: "kv", isRegex: false, isEqual: true }], groupBy: ["alertname"], groupWaitMs: 0 },
    steps: [{ delayMs: 0, targets: [{ kind: "user" as const, id: "u" }] }, { delayMs: 90 * 60_000, targets: [{ kind: "receiver" as const, id: "r" }] }],
    repeat: 1,
    recoveryAware: false,
    enabled: true,
  };
  const back = formToBody(policyToForm(policy));
  assert.ok("body" in back);
  assert.deepEqual(back.body, { name: "P", routing: { matchers: policy.routing.matchers, groupBy: ["alertname"], groupWaitMs: 0 }, steps: policy.steps, repeat: 1, recoveryAware: false, enabled: true });
  assert.equal(stepDelayText(90 * 60_000, 1), "+1 h 30 min");
  assert.equal(stepDelayText(0, 0), "0 min");
});
