import assert from "node:assert/strict";
import { test } from "node:test";
import { coalesce, coalescePerKey } from "./coalesce";

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

test("coalescePerKey keeps one batch queue per key", async () => {
  const batches: string[] = [];
  const perKey = coalescePerKey(10, async (key: { name: string }, items: number[]) => {
    batches.push(`${key.name}:${items.join(",")}`);
    return items.map((item) => item * 2);
  });
  const a = { name: "a" };
  const b = { name: "b" };
  assert.equal(perKey(a), perKey(a), "the same function for the same key");
  assert.deepEqual(await Promise.all([perKey(a)(1), perKey(b)(2), perKey(a)(3)]), [2, 4, 6]);
  assert.deepEqual(batches.sort(), ["a:1,3", "b:2"]);
});
