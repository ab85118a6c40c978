import assert from "node:assert/strict";
import { test } from "node:test";
import { concerns, effectivePlanState, failoverSegments, planCandidates, planSubjects, sortCandidates, splitPlannedActions, splitPlans } from "./recovery-plans";

const plan = (id: string, state: string, createdAt: number, finishedAt: number | null = null, stepState = "succeeded") => ({
  id,
  groupId: "g",
  state,
  createdAt,
  finishedAt,
  detail: null,
  actions: [{ target: `${id}-n`, state: stepState }],
});

test("active plans come first, oldest first; then the most recently finished", () => {
  const { active, recent } = splitPlans([plan("a", "completed", 1, 5), plan("b", "active", 30), plan("c", "failed", 2, 9), plan("d", "active", 10), plan("e", "cancelled", 3, 4)], 2);
  assert.deepEqual(active.map((p) => p.id), ["d", "b"]);
  assert.deepEqual(recent.map((p) => p.id), ["c", "a"]);
  assert.deepEqual(planSubjects(plan("x", "active", 1)), ["g", "x-n"]);
});

test("a plan closed while a step still waits (a failover's follows) reads as in progress", () => {
  assert.equal(effectivePlanState(plan("a", "completed", 1, 2, "planned")), "active");
  assert.equal(effectivePlanState(plan("a", "completed", 1, 2, "running")), "active");
  assert.equal(effectivePlanState(plan("a", "completed", 1, 2, "succeeded")), "completed");
  assert.equal(effectivePlanState(plan("a", "failed", 1, 2, "timed_out")), "failed");
  const { active, recent } = splitPlans([plan("a", "completed", 1, 2, "planned"), plan("b", "completed", 1, 3)], 5);
  assert.deepEqual(active.map((p) => p.id), ["a"]);
  assert.deepEqual(recent.map((p) => p.id), ["b"]);
});

test("a plan's stored ranking is read defensively and shown chosen first", () => {
  assert.equal(planCandidates(null), null);
  assert.equal(planCandidates({ candidates: null }), null);
  assert.equal(planCandidates({ candidates: [{ bogus: true }] }), null);
  const candidates = planCandidates({
    candidates: [
      { nodeId: "z", eligible: false, rank: null, reasons: ["lag 20 s > 10 s"] },
      { nodeId: "b", eligible: true, rank: 2, reasons: ["offset 90"] },
      { nodeId: "a", eligible: false, reasons: ["down"] },
      { nodeId: "c", eligible: true, rank: 1, reasons: ["highest offset"] },
    ],
  });
  assert.ok(candidates);
  assert.deepEqual(sortCandidates(candidates).map((c) => c.nodeId), ["c", "b", "a", "z"]);
  assert.equal(candidates.find((c) => c.nodeId === "a")?.rank, null);
});

test("planned actions split into awaiting approval, approved, and dry run", () => {
  const actions = [
    { id: 1, state: "planned", dryRun: false, approvedBy: null },
    { id: 2, state: "planned", dryRun: false, approvedBy: "ann" },
    { id: 3, state: "planned", dryRun: true, approvedBy: null },
    { id: 4, state: "running", dryRun: false, approvedBy: "ann" },
  ];
  const split = splitPlannedActions(actions);
  assert.deepEqual(split.awaiting.map((a) => a.id), [1]);
  assert.deepEqual(split.approved.map((a) => a.id), [2]);
  assert.deepEqual(split.dryRun.map((a) => a.id), [3]);
});

test("worst-case failover time splits into a stacked bar", () => {
  const segments = failoverSegments({ detectionMs: 5000, confirmMs: 5000, verifyMs: 10000 });
  assert.deepEqual(segments.map((s) => s.key), ["detection", "confirm", "verify"]);
  assert.deepEqual(segments.map((s) => s.fraction), [0.25, 0.25, 0.5]);
  assert.deepEqual(failoverSegments({ detectionMs: 0, confirmMs: 0, verifyMs: 0 }).map((s) => s.fraction), [0, 0, 0]);
});

test("a subject filter matches by group or node id", () => {
  assert.equal(concerns(null, ["x"]), true);
  assert.equal(concerns("g", ["a", "g"]), true);
  assert.equal(concerns("g", [null, undefined, "h"]), false);
});
