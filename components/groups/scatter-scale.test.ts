import assert from "node:assert/strict";
import { test } from "node:test";
import { buildHitIndex } from "./scatter-hit";
import { makeScale, resolveDomain } from "./scatter-scale";

test("resolveDomain keeps fixed bounds and rounds automatic ones out to a tick step", () => {
  assert.deepEqual(resolveDomain([0, 1], [0.2, 0.7], false), [0, 1]);
  assert.deepEqual(resolveDomain([0, "auto"], [3, 87], false), [0, 100]);
  assert.deepEqual(resolveDomain(["auto", "auto"], [-2.3, 4.1], false), [-3, 5]);
  // A flat series still gets a width; an empty one a default.
  const flat = resolveDomain(["auto", "auto"], [5, 5], false);
  assert.ok(flat[0] < 5 && flat[1] > 5);
  assert.deepEqual(resolveDomain([0, "auto"], [], false), [0, 1]);
  // Log axes skip values they cannot place.
  assert.deepEqual(resolveDomain(["auto", "auto"], [0, 10, 1000], true), [10, 1000]);
});

test("makeScale maps the domain onto the range, linear or log, with round ticks", () => {
  const x = makeScale([0, 100], [50, 550], false);
  assert.equal(x.toPixel(0), 50);
  assert.equal(x.toPixel(50), 300);
  assert.deepEqual(x.ticks, [0, 20, 40, 60, 80, 100]);
  const y = makeScale([1, 1000], [400, 0], true);
  assert.equal(y.toPixel(1), 400);
  assert.ok(Math.abs(y.toPixel(10) - 266.67) < 0.01);
  assert.deepEqual(y.ticks, [1, 10, 100, 1000]);
  assert.deepEqual(makeScale([1, 50], [0, 1], true).ticks, [1, 2, 5, 10, 20, 50]);
  assert.deepEqual(makeScale([-0.3, 0.3], [0, 1], false).ticks, [-0.3, -0.2, -0.1, 0, 0.1, 0.2, 0.3]);
});

test("buildHitIndex finds the nearest point within the radius, the later one on a tie", () => {
  const xs = [10, 12, 100, 10];
  const ys = [10, 10, 100, 10];
  const index = buildHitIndex(xs, ys, 16);
  assert.equal(index.nearest(12.5, 10, 8), 1);
  assert.equal(index.nearest(10, 10, 8), 3);
  assert.equal(index.nearest(60, 60, 8), -1);
  assert.equal(index.nearest(95, 95, 8), 2);
});
