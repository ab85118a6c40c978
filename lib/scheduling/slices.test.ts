import assert from "node:assert/strict";
import { test } from "node:test";
import { forEachInSlices, mapInSlices } from "./slices";

test("visits every item in order", async () => {
  const seen: number[] = [];
  await forEachInSlices([...Array(10_000).keys()], (i) => seen.push(i), 1);
  assert.deepEqual(seen, [...Array(10_000).keys()]);
  assert.deepEqual(await mapInSlices([1, 2, 3], (n) => n * 2), [2, 4, 6]);
});

test("lets timers run between slices of a long walk", async () => {
  let timerRanDuring = false;
  let walking = true;
  setTimeout(() => (timerRanDuring = walking), 0);
  const spin = () => {
    const until = performance.now() + 0.05;
    while (performance.now() < until);
  };
  await forEachInSlices([...Array(2_000).keys()], spin, 2);
  walking = false;
  assert.equal(timerRanDuring, true);
});
