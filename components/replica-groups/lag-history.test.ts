import assert from "node:assert/strict";
import { test } from "node:test";
import { appendLagSamples, maxLagIn } from "./lag-history";

const group = (id: string, lags: Record<string, number | null>, primary: string) => ({
  id,
  members: [{ nodeId: primary, lagMs: 0, isRecognisedPrimary: true }, ...Object.entries(lags).map(([nodeId, lagMs]) => ({ nodeId, lagMs, isRecognisedPrimary: false }))],
});

test("samples accumulate per group, replicas only, within the window", () => {
  let history = appendLagSamples(new Map(), [group("g1", { r1: 10, r2: null }, "p")], 1_000, 5_000);
  history = appendLagSamples(history, [group("g1", { r1: 20, r2: 5 }, "p")], 3_000, 5_000);
  history = appendLagSamples(history, [group("g1", { r1: 30, r2: 7 }, "p"), group("g2", { x: 1 }, "q")], 7_000, 5_000);
  assert.deepEqual(history.get("g1")?.map((sample) => sample.at), [3_000, 7_000]);
  assert.deepEqual(history.get("g1")?.at(-1)?.lags, { r1: 30, r2: 7 });
  assert.equal(history.get("g2")?.length, 1);
  assert.equal(maxLagIn(history.get("g1") ?? []), 30);
});

test("groups that disappear are forgotten and the previous map is untouched", () => {
  const first = appendLagSamples(new Map(), [group("g1", { r: 1 }, "p")], 1_000, 60_000);
  const second = appendLagSamples(first, [], 2_000, 60_000);
  assert.equal(second.size, 0);
  assert.equal(first.get("g1")?.length, 1);
  assert.equal(maxLagIn([]), 0);
});

test("with keepOthers, groups missing from a page keep their recent samples and drop old ones", () => {
  const first = appendLagSamples(new Map(), [group("g1", { r: 1 }, "p"), group("g2", { r: 2 }, "q")], 1_000, 10_000);
  const second = appendLagSamples(first, [group("g1", { r: 3 }, "p")], 5_000, 10_000, { keepOthers: true });
  assert.equal(second.get("g1")?.length, 2);
  assert.equal(second.get("g2")?.length, 1);
  const later = appendLagSamples(second, [group("g1", { r: 4 }, "p")], 12_000, 10_000, { keepOthers: true });
  assert.equal(later.has("g2"), false);
  assert.deepEqual(later.get("g1")?.map((sample) => sample.at), [5_000, 12_000]);
});
