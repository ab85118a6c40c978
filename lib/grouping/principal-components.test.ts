import assert from "node:assert/strict";
import { test } from "node:test";
import { gaussian } from "./fixtures/synthetic-fleet";
import { principalComponents } from "./principal-components";
import { seededRandom } from "./seeded-random";

test("the first component follows the direction of largest spread, deterministically and sign-fixed", () => {
  const random = seededRandom(4);
  const direction = [1 / Math.sqrt(5), -2 / Math.sqrt(5), 0];
  const points = new Float64Array(300 * 3);
  for (let i = 0; i < 300; i++) {
    const along = gaussian(random) * 3;
    const across = gaussian(random) * 0.5;
    points.set([direction[0] * along + 0.01 * gaussian(random), direction[1] * along + 0.01 * gaussian(random), across], i * 3);
  }
  const pcs = principalComponents(points, 3);
  // Sign convention: the largest loading (here −2/√5) is made positive.
  assert.ok(Math.abs(pcs.axes[0][0] + direction[0]) < 0.01 && Math.abs(pcs.axes[0][1] + direction[1]) < 0.01, `${pcs.axes[0]}`);
  assert.ok(Math.abs(Math.abs(pcs.axes[1][2]) - 1) < 0.01);
  assert.ok(pcs.explained[0] > 0.9 && pcs.explained[0] + pcs.explained[1] > 0.99);
  assert.deepEqual(principalComponents(points, 3), pcs);
  assert.equal(pcs.scores.length, 600);
});

test("no variance, one dimension or no points give zeros, not NaN", () => {
  const flat = principalComponents(Float64Array.from([1, 2, 1, 2, 1, 2]), 2);
  assert.deepEqual([...flat.scores], [0, 0, 0, 0, 0, 0]);
  assert.deepEqual(flat.explained, [0, 0]);
  const line = principalComponents(Float64Array.from([1, 2, 3]), 1);
  assert.deepEqual([...line.axes[0]], [1]);
  assert.deepEqual([...line.axes[1]], [0]);
  assert.equal(principalComponents(new Float64Array(0), 4).scores.length, 0);
});
