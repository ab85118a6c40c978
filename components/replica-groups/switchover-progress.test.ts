import assert from "node:assert/strict";
import { test } from "node:test";
import type { SwitchoverRun } from "@/lib/protocol/api/replica-groups";
import { runSummary, stepLabel, switchoverActive } from "./switchover-progress";

const run: SwitchoverRun = {
  id: "s1", groupId: "kv", state: "succeeded", fromId: "a", targetId: "b", epoch: 3, step: "completed", reason: "r", awaiting: null, at: null, createdAt: 0, finishedAt: 1, outcome: "ok",
  timeline: [
    { step: "pause-writes", node: "a", startMs: 10, durationMs: 5, ok: true, detail: "" },
    { step: "unpause", node: "a", startMs: 200, durationMs: 12, ok: true, detail: "" },
  ],
  writePauseMs: 202,
};

test("a finished switchover reads with its total and its write pause", () => {
  assert.equal(runSummary(run), "succeeded in 212 ms (writes paused 202 ms)");
  assert.equal(switchoverActive(run), false);
});

test("a waiting one says whom it waits for, and is still polled", () => {
  const waiting = { ...run, state: "planned", awaiting: "admin" as const, timeline: [], writePauseMs: null };
  assert.equal(runSummary(waiting), "waiting for an admin's approval");
  assert.equal(switchoverActive(waiting), true);
  assert.equal(stepLabel("catch-up"), "Target catches up");
});
