import assert from "node:assert/strict";
import { test } from "node:test";
import { TONE_STYLES, actionStateLabel, actionTone, auditOutcomeTone, freezeKindLabel, humanizeBlockKind, modeTone, planTone } from "./recovery-states";

test("action states have the colours operators learn once", () => {
  assert.equal(actionTone("running"), "running");
  assert.equal(actionTone("succeeded"), "success");
  assert.equal(actionTone("failed"), "failure");
  assert.equal(actionTone("timed_out"), "failure");
  assert.equal(actionTone("blocked"), "held");
  assert.equal(actionTone("cancelled"), "muted");
  assert.equal(actionTone("something-new"), "waiting");
  assert.match(TONE_STYLES.running.badge, /blue/);
  assert.match(TONE_STYLES.success.badge, /green/);
  assert.match(TONE_STYLES.failure.badge, /red/);
  assert.match(TONE_STYLES.held.badge, /amber/);
  assert.equal(actionStateLabel("timed_out"), "timed out");
  assert.equal(actionStateLabel("weird_state"), "weird state");
});

test("plans, modes and audit outcomes map onto the same tones", () => {
  assert.equal(planTone("active"), "running");
  assert.equal(planTone("completed"), "success");
  assert.equal(planTone("failed"), "failure");
  assert.equal(modeTone("approval"), "held");
  assert.equal(modeTone("auto"), "running");
  assert.equal(auditOutcomeTone("awaiting approval"), "held");
  assert.equal(auditOutcomeTone("timed_out"), "failure");
  assert.equal(auditOutcomeTone("succeeded"), "success");
  assert.equal(auditOutcomeTone("ok"), "success");
  assert.equal(auditOutcomeTone("dry-run"), "muted");
  assert.equal(auditOutcomeTone("requested"), "running");
});

test("kinds read as words", () => {
  assert.equal(humanizeBlockKind("no-candidate"), "No candidate");
  assert.equal(humanizeBlockKind("anti-flap"), "Anti-flap");
  assert.equal(humanizeBlockKind("primary-still-linked"), "Primary still linked");
  assert.equal(humanizeBlockKind("failover-precondition"), "Failover precondition");
  assert.equal(freezeKindLabel("blast-radius"), "Blast radius");
  assert.equal(freezeKindLabel("other"), "other");
});

test("a restart that ran but did not heal is amber, not a green success", () => {
  assert.equal(actionTone("succeeded", "did not heal: failing: error rate 90 % 30 s after the restart (agent: succeeded: restarted)"), "held");
  assert.equal(actionStateLabel("succeeded", "did not heal: the node is down 30 s after the restart"), "did not heal");
  assert.equal(actionTone("succeeded", "succeeded: restarted"), "success");
  assert.equal(actionTone("failed", "did not heal: x"), "failure");
  assert.equal(auditOutcomeTone("did-not-heal"), "held");
});
