import assert from "node:assert/strict";
import { test } from "node:test";
import { lagLinePaths, niceLagCeiling } from "./lag-lines";

const samples = [
  { at: 0, lags: { a: 0, b: 30 } },
  { at: 500, lags: { a: 10, b: null } },
  { at: 1000, lags: { a: 20, b: 40 } },
];

test("the ceiling rounds the highest lag up to 1, 2 or 5 × 10^n, 10 ms when nothing lags", () => {
  assert.equal(niceLagCeiling(samples, ["a", "b"]), 50);
  assert.equal(niceLagCeiling(samples, ["a"]), 20);
  assert.equal(niceLagCeiling([{ at: 0, lags: { a: 1_234 } }], ["a"]), 2_000);
  assert.equal(niceLagCeiling([{ at: 0, lags: { a: 0 } }], ["a"]), 10);
  assert.equal(niceLagCeiling([], ["a"]), 10);
});

test("paths map time across and lag up the frame, and break where a replica did not report", () => {
  const [a, b] = lagLinePaths(samples, ["a", "b"], { start: 0, span: 1000, ceiling: 40, width: 100, height: 40 });
  assert.equal(a, "M0 40L50 30L100 20");
  assert.equal(b, "M0 10M100 0");
  assert.deepEqual(lagLinePaths(samples, ["c"], { start: 0, span: 1000, ceiling: 40, width: 100, height: 40 }), [""]);
});
