import assert from "node:assert/strict";
import { test } from "node:test";
import type { NodeEventView } from "@/lib/protocol/views";
import { buildStateSegments, timeShareByState } from "./state-timeline";

function event(id: number, at: number, from: NodeEventView["from"], to: NodeEventView["to"]): NodeEventView {
  return { id, nodeId: "n", at, from, to, reason: `${from}->${to}`, phi: null };
}

test("no events: one segment in the current state", () => {
  assert.deepEqual(buildStateSegments([], "healthy", 0, 100), [{ state: "healthy", from: 0, to: 100, reason: null }]);
});

test("events become contiguous segments, newest-first input is fine", () => {
  const events = [event(3, 80, "suspect", "healthy"), event(2, 50, "healthy", "suspect"), event(1, 10, "unknown", "healthy")];
  const segments = buildStateSegments(events, "healthy", 0, 100);
  assert.deepEqual(
    segments.map((s) => [s.state, s.from, s.to]),
    [
      ["unknown", 0, 10],
      ["healthy", 10, 50],
      ["suspect", 50, 80],
      ["healthy", 80, 100],
    ],
  );
});

test("events before the range only set the starting state", () => {
  const events = [event(1, -50, "healthy", "down"), event(2, 60, "down", "healthy")];
  const segments = buildStateSegments(events, "healthy", 0, 100);
  assert.deepEqual(
    segments.map((s) => [s.state, s.from, s.to]),
    [
      ["down", 0, 60],
      ["healthy", 60, 100],
    ],
  );
});

test("timeShareByState adds up each state's share", () => {
  const shares = timeShareByState([
    { state: "healthy", from: 0, to: 50, reason: null },
    { state: "down", from: 50, to: 75, reason: null },
    { state: "healthy", from: 75, to: 100, reason: null },
  ]);
  assert.deepEqual(shares, { healthy: 0.75, down: 0.25 });
  assert.deepEqual(timeShareByState([]), {});
});
