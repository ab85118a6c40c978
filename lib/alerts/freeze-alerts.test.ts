import assert from "node:assert/strict";
import { test } from "node:test";
import type { FreezeInput, RecoveryEventInput } from "./builtin-conditions";
import { emptyEvaluatorState, evaluateAlerts, type EvaluatorState } from "./evaluate";
import { MINUTE, SECOND, T0 } from "./fixtures";
import { defaultAlertRules } from "./rules";

/** Runs the evaluator over a timeline of freezes; the state goes through JSON between calls. */
function timeline(steps: { at: number; freezes: FreezeInput[]; recoveryEvents?: RecoveryEventInput[] }[]) {
  let state: EvaluatorState = emptyEvaluatorState();
  return steps.map(({ at, freezes, recoveryEvents = [] }) => {
    const result = evaluateAlerts({
      now: at, nodes: [], incidents: [], outliers: [], hotShare: null, agentsBehind: [], recoveryEvents, freezes, logCounts: [], rules: defaultAlertRules(), previous: state,
    });
    state = JSON.parse(JSON.stringify(result.state)) as EvaluatorState;
    return result.alerts.map((alert) => `${alert.labels.alertname}/${alert.labels.severity}/${alert.labels.freeze}:${alert.status}`);
  });
}

const startGrace = (at: number): FreezeInput => ({ kind: "self-check", reason: "Vigil distrusts its own timing (server starting): every recovery action is frozen for 4 s.", since: at });

test("the start-grace freeze is a warning while it lasts and resolves the moment it ends (no 30-minute hold)", () => {
  const seen = timeline([
    { at: T0, freezes: [startGrace(T0)], recoveryEvents: [{ kind: "frozen", at: T0, message: "frozen for 4 s" }] },
    { at: T0 + 2 * SECOND, freezes: [startGrace(T0 + 2 * SECOND)], recoveryEvents: [{ kind: "frozen", at: T0, message: "frozen for 4 s" }] },
    { at: T0 + 5 * SECOND, freezes: [], recoveryEvents: [{ kind: "frozen", at: T0, message: "frozen for 4 s" }] },
    { at: T0 + 6 * SECOND, freezes: [], recoveryEvents: [{ kind: "frozen", at: T0, message: "frozen for 4 s" }] },
  ]);
  assert.deepEqual(seen, [
    ["RecoveryFrozenSelfCheck/warning/self-check:firing"],
    ["RecoveryFrozenSelfCheck/warning/self-check:firing"],
    ["RecoveryFrozenSelfCheck/warning/self-check:resolved"],
    [],
  ]);
});

test("a blast-radius freeze stays critical RecoveryFrozen while it lasts, and ends with the freeze", () => {
  const blast: FreezeInput = { kind: "blast-radius", reason: "Vigil may be partitioned", since: T0 };
  const seen = timeline([
    { at: T0, freezes: [blast] },
    { at: T0 + 10 * MINUTE, freezes: [blast] },
    { at: T0 + 11 * MINUTE, freezes: [] },
  ]);
  assert.deepEqual(seen, [["RecoveryFrozen/critical/blast-radius:firing"], ["RecoveryFrozen/critical/blast-radius:firing"], ["RecoveryFrozen/critical/blast-radius:resolved"]]);
});

test("a blast-radius freeze counting down after its outage cleared does not page (it resolves, it never starts)", () => {
  const blast: FreezeInput = { kind: "blast-radius", reason: "Vigil may be partitioned", since: T0 };
  const lingering: FreezeInput = { ...blast, reason: "Vigil may be partitioned (clear for 5 s; the freeze lifts after 60 s clear)", until: T0 + 2 * MINUTE };
  const seen = timeline([
    { at: T0, freezes: [blast] },
    { at: T0 + MINUTE, freezes: [lingering] },
    { at: T0 + 2 * MINUTE, freezes: [] },
  ]);
  assert.deepEqual(seen, [["RecoveryFrozen/critical/blast-radius:firing"], ["RecoveryFrozen/critical/blast-radius:resolved"], []]);
  const [alone] = timeline([{ at: T0, freezes: [lingering] }]);
  assert.deepEqual(alone, [], "a freeze seen only while it lifts raises nothing");
});

test("the kill switch and a stall at once are two alerts, one per kind of freeze", () => {
  const [alerts] = timeline([
    {
      at: T0,
      freezes: [
        { kind: "kill-switch", reason: "The global recovery kill switch is on", since: T0 - MINUTE },
        { kind: "self-check", reason: "event loop stalled", since: T0 },
        { kind: "self-check", reason: "event loop stalled again", since: T0 },
      ],
    },
  ]);
  assert.deepEqual(alerts, ["RecoveryFrozen/critical/kill-switch:firing", "RecoveryFrozenSelfCheck/warning/self-check:firing"]);
});
