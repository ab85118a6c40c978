import assert from "node:assert/strict";
import { test } from "node:test";
import { millisToZonedInput, untilText, zonedInputToMillis } from "./format";

test("time until a hand-off reads coarsely", () => {
  assert.equal(untilText(90_000, 0), "in 2 min");
  assert.equal(untilText(3 * 3_600_000 + 20 * 60_000, 0), "in 3 h 20 min");
  assert.equal(untilText(52 * 3_600_000, 0), "in 2 d 4 h");
  assert.equal(untilText(0, 10), "in 0 min");
});

test("a rotation's start typed in the schedule's zone round-trips through epoch ms", () => {
  const at = zonedInputToMillis("2026-03-29T09:00", "Europe/Berlin");
  assert.equal(at, Date.UTC(2026, 2, 29, 7));
  assert.equal(millisToZonedInput(at ?? 0, "Europe/Berlin"), "2026-03-29T09:00");
  assert.equal(zonedInputToMillis("nonsense", "UTC"), null);
});
