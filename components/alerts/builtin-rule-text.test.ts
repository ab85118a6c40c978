import assert from "node:assert/strict";
import { test } from "node:test";
import { BUILTIN_RULE_NAMES, defaultAlertRules } from "@/lib/alerts";
import { BUILTIN_RULE_TEXT, builtinRuleTiming } from "./builtin-rule-text";

const numbersOf = (rule: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(rule).flatMap(([field, value]) => (typeof value === "number" ? [[field, String(value)]] : [])));

test("every built-in rule says what it watches and, in words, how long it waits and why", () => {
  const defaults = defaultAlertRules().builtin as Record<string, Record<string, unknown>>;
  for (const name of BUILTIN_RULE_NAMES) {
    assert.ok(BUILTIN_RULE_TEXT[name], `${name} has a description`);
    const timing = builtinRuleTiming(name, numbersOf(defaults[name]));
    assert.match(timing, /^(Fires|Stays firing)/, `${name}: ${timing}`);
    assert.ok(timing.length > 60, `${name} explains why: ${timing}`);
  }
});

test("the timing follows the values being edited", () => {
  assert.match(builtinRuleTiming("NodeSuspectTooLong", { forSeconds: "60" }), /^Fires once the condition has held 60 s;/);
  assert.match(builtinRuleTiming("NodeDown", { forSeconds: "0" }), /^Fires at once and resolves when the condition clears\./);
  assert.match(builtinRuleTiming("HotGroupShare", { forSeconds: "300", maxShare: "0.5" }), /held 300 s \(5 min\)/);
  assert.match(builtinRuleTiming("RecoveryFailed", { holdSeconds: "1800" }), /^Stays firing 1800 s \(30 min\) after the event, then resolves\./);
  assert.doesNotMatch(builtinRuleTiming("RecoveryFailed", { holdSeconds: "abc" }), /Stays firing/);
});
