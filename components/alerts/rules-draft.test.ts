import assert from "node:assert/strict";
import { test } from "node:test";
import type { AlertRules } from "@/lib/alerts";
import { draftFromRules, emptyLogRule, emptyMetricRule, logPatternProblem, rulesFromDraft, serverFieldErrors } from "./rules-draft";

const rules = {
  builtin: {
    NodeDown: { enabled: true, severity: "critical", forSeconds: 0 },
    HotGroupShare: { enabled: false, severity: "warning", forSeconds: 300, maxShare: 0.5 },
    RecoveryFailed: { enabled: true, severity: "critical", holdSeconds: 1800 },
  },
  metric: [{ name: "HighCpu", metric: "cpu", op: ">", threshold: 0.9, forSeconds: 300, severity: "warning", scope: { zone: "zone-a", labels: { team: "db" } } }],
  log: [{ name: "OomKills", pattern: "Out of memory", ignoreCase: true, minLevel: "error", windowSeconds: 600, threshold: 3, severity: "critical" }],
} as unknown as AlertRules;

test("a draft of the saved rules turns back into the same object", () => {
  const { rules: back, errors } = rulesFromDraft(draftFromRules(rules));
  assert.deepEqual(errors, {});
  assert.deepEqual(back, rules);
});

test("editing text fields converts numbers and scopes", () => {
  const draft = draftFromRules(rules);
  draft.builtin.HotGroupShare.numbers.maxShare = "0.6";
  draft.metric[0].scopeZone = "";
  draft.metric[0].scopeLabels = undefined;
  draft.metric[0].scopeGroup = " rg-7 ";
  draft.log[0].minLevel = "";
  const { rules: back, errors } = rulesFromDraft(draft);
  assert.deepEqual(errors, {});
  assert.equal((back.builtin.HotGroupShare as { maxShare: number }).maxShare, 0.6);
  assert.deepEqual(back.metric[0].scope, { group: "rg-7" });
  assert.equal("minLevel" in back.log[0], false);
});

test("bad fields are reported under the server's paths", () => {
  const draft = draftFromRules(rules);
  draft.builtin.NodeDown.numbers.forSeconds = "-1";
  draft.builtin.HotGroupShare.numbers.maxShare = "0";
  draft.metric.push({ ...emptyMetricRule(), name: "HighCpu", threshold: "abc" });
  draft.metric.push({ ...emptyMetricRule(), name: "NodeDown", forSeconds: "90000" });
  draft.log.push({ ...emptyLogRule(), name: "9lives", pattern: "(", threshold: "1.5", windowSeconds: "0" });
  const { errors } = rulesFromDraft(draft);
  assert.deepEqual(Object.keys(errors).sort(), [
    "builtin.HotGroupShare.maxShare",
    "builtin.NodeDown.forSeconds",
    "log.1.name",
    "log.1.pattern",
    "log.1.threshold",
    "log.1.windowSeconds",
    "metric.1.name",
    "metric.1.threshold",
    "metric.2.forSeconds",
    "metric.2.name",
  ]);
  assert.match(errors["metric.1.name"], /already used/);
  assert.match(errors["metric.2.name"], /already used/, "a custom rule cannot take a built-in's name");
  assert.match(errors["log.1.threshold"], /whole number/);
  assert.match(errors["log.1.pattern"], /^Not an RE2 pattern: missing closing/);
});

test("log patterns must be RE2, as the server requires", () => {
  assert.equal(logPatternProblem("Out of memory|OOM"), null);
  assert.match(logPatternProblem("(a)\\1") ?? "", /^Not an RE2 pattern: backreferences/);
  assert.match(logPatternProblem("error(?=.*timeout)") ?? "", /^Not an RE2 pattern: lookahead/);
  assert.match(logPatternProblem("a".repeat(300)) ?? "", /longer than 256/);
});

test("the server's 400 message splits into field errors", () => {
  assert.deepEqual(serverFieldErrors("invalid alert rules: metric.0.name: rule name HighCpu is already used; log.1.pattern: invalid regular expression"), {
    "metric.0.name": "rule name HighCpu is already used",
    "log.1.pattern": "invalid regular expression",
  });
  assert.deepEqual(serverFieldErrors("alert rules is not valid JSON"), { "": "alert rules is not valid JSON" });
});
