import assert from "node:assert/strict";
import { test } from "node:test";
import { coalesce } from "./coalesce";

test("calls made together run as one batch; calls made while it runs wait for the next", async () => {
  const batches: number[][] = [];
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const double = coalesce<number, number>(3, async (items) => {
    batches.push(items);
    if (batches.length === 1) await gate;
    return items.map((item) => item * 2);
  });
  const first = [1, 2].map(double);
  await new Promise((resolve) => setImmediate(resolve));
  const later = [3, 4, 5, 6].map(double);
  release();
  assert.deepEqual(await Promise.all([...first, ...later]), [2, 4, 6, 8, 10, 12]);
  assert.deepEqual(batches, [[1, 2], [3, 4, 5], [6]]);
});

test("a failing batch rejects its own calls only", async () => {
  const run = coalesce<number, number>(10, async (items) => {
    if (items.includes(0)) throw new Error("zero");
    return items;
  });
  await assert.rejects(run(0), /zero/);
  assert.equal(await run(7), 7);
});
