import assert from "node:assert/strict";
import { test } from "node:test";
import {
  RING_KEYSPACE,
  RING_MAX_HASH,
  annulusArcPath,
  arcsByOwner,
  canvasAngles,
  arcsForDrawing,
  formatHash,
  formatShare,
  pathsByOwner,
  pointToHash,
  rangeShare,
  ringArcs,
  ringSegments,
  segmentIndexAt,
  shareBars,
} from "./ring-geometry";
import type { RingSegment } from "./ring-geometry";

function coverage(segments: readonly RingSegment[]): Map<string, number> {
  const owned = new Map<string, number>();
  for (const segment of segments) owned.set(segment.owner, (owned.get(segment.owner) ?? 0) + segment.end - segment.start + 1);
  return owned;
}

test("segments follow the ring's rule: a token owns back to the previous token, the first one also the wrap", () => {
  const segments = ringSegments([
    { id: "a", tokens: [100, 300] },
    { id: "b", tokens: [200] },
  ]);
  assert.deepEqual(segments, [
    { start: 0, end: 100, owner: "a" },
    { start: 101, end: 200, owner: "b" },
    // Token 300 and the wrap past it both belong to a: one run up to the end.
    { start: 201, end: RING_MAX_HASH, owner: "a" },
  ]);
  assert.equal(segments[segmentIndexAt(segments, 150)].owner, "b");
  assert.equal(segments[segmentIndexAt(segments, 100)].owner, "a");
  assert.equal(segments[segmentIndexAt(segments, RING_MAX_HASH)].owner, "a");
});

test("adjacent tokens of one owner merge into one run, and the runs cover the keyspace exactly", () => {
  const segments = ringSegments([
    { id: "a", tokens: [10, 20, 30] },
    { id: "b", tokens: [40, 4_000_000_000] },
  ]);
  assert.deepEqual(segments, [
    { start: 0, end: 30, owner: "a" },
    { start: 31, end: 4_000_000_000, owner: "b" },
    { start: 4_000_000_001, end: RING_MAX_HASH, owner: "a" },
  ]);
  const total = [...coverage(segments).values()].reduce((sum, size) => sum + size, 0);
  assert.equal(total, RING_KEYSPACE);
  assert.deepEqual(ringSegments([]), []);
});

test("a single token owns the whole ring", () => {
  const segments = ringSegments([{ id: "only", tokens: [RING_MAX_HASH] }]);
  assert.deepEqual(segments, [{ start: 0, end: RING_MAX_HASH, owner: "only" }]);
  assert.equal(rangeShare(segments[0]), 1);
  assert.ok(annulusArcPath({ cx: 0, cy: 0 }, 5, 10, 0, RING_MAX_HASH).split("M").length - 1 === 2, "drawn in two halves");
});

function pseudoRandomTokens(count: number, seed: number): number[] {
  let state = seed;
  return Array.from({ length: count }, () => {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    return state;
  });
}

// How long this takes is measured by bench:ring-drawing, not asserted here.
test("100 groups × 128 tokens draw as at most maxArcs arcs in one path per group, shares kept to the bucket", () => {
  const groups = Array.from({ length: 100 }, (_, i) => ({ id: `g${i}`, tokens: pseudoRandomTokens(128, i + 1) }));
  const segments = ringSegments(groups);
  const arcs = arcsForDrawing(segments, 1440);
  const paths = pathsByOwner(arcs, { cx: 200, cy: 200 }, 150, 190);
  assert.ok(segments.length > 5000);
  assert.ok(arcs.length <= 1440);
  assert.ok(paths.size <= 100);
  assert.equal([...coverage(arcs).values()].reduce((sum, size) => sum + size, 0), RING_KEYSPACE);
  // Every group still shows up, with about its exact share.
  const exact = coverage(segments);
  const drawn = coverage(arcs);
  for (const [owner, size] of exact) assert.ok(Math.abs((drawn.get(owner) ?? 0) - size) / RING_KEYSPACE < 0.01, owner);
});

test("small rings are drawn exactly", () => {
  const segments = ringSegments([{ id: "a", tokens: [5] }, { id: "b", tokens: [9] }]);
  assert.deepEqual(arcsForDrawing(segments, 1440), segments);
});

test("points map to hashes clockwise from the top", () => {
  assert.equal(pointToHash(0, -10), 0);
  assert.equal(pointToHash(10, 0), RING_KEYSPACE / 4);
  assert.equal(pointToHash(0, 10), RING_KEYSPACE / 2);
  assert.equal(pointToHash(-10, 0), (RING_KEYSPACE * 3) / 4);
});

test("hashes and shares format for people", () => {
  assert.equal(formatHash(48_879), "0x0000beef");
  assert.equal(formatHash(RING_MAX_HASH), "0xffffffff");
  assert.equal(formatShare(0.25126), "25.13%");
  assert.equal(formatShare(0.0000012), "0.0001%");
  assert.equal(formatShare(0), "0.00%");
  assert.equal(formatShare(null), "—");
});

test("ringArcs gives the exact runs of a small ring, as ringSegments does", () => {
  const groups = [
    { id: "a", tokens: [100, 300] },
    { id: "b", tokens: [200] },
  ];
  const { arcs, exact } = ringArcs([100, 200, 300], [0, 1, 0], ["a", "b"], 1440);
  assert.equal(exact, true);
  assert.deepEqual(
    arcs.map(({ start, end, owner }) => ({ start, end, owner })),
    ringSegments(groups),
  );
  assert.deepEqual(arcs.map((arc) => arc.tokens), [1, 1, 1]);
  assert.ok(arcs.every((arc) => arc.owners === 1 && arc.share === 1));
});

test("ringArcs cuts a dense ring into equal slices that cover it, each in its majority owner's colour", () => {
  let state = 7;
  const raw = Array.from({ length: 20_000 }, (_, i) => {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    return { token: state, owner: i % 50 };
  });
  const unique = [...new Map(raw.map((entry) => [entry.token, entry])).values()].sort((a, b) => a.token - b.token);
  const ids = Array.from({ length: 50 }, (_, i) => `g${i}`);
  const { arcs, exact } = ringArcs(unique.map((entry) => entry.token), unique.map((entry) => entry.owner), ids, 360);
  assert.equal(exact, false);
  assert.equal(arcs.length, 360);
  assert.equal(arcs[0].start, 0);
  assert.equal(arcs.at(-1)?.end, RING_MAX_HASH);
  for (let i = 1; i < arcs.length; i++) assert.equal(arcs[i].start, arcs[i - 1].end + 1);
  assert.equal(arcs.reduce((sum, arc) => sum + arc.tokens, 0), unique.length);
  assert.ok(arcs.every((arc) => arc.owners > 1 && arc.share > 0 && arc.share < 1));
  // The majority owner really is one of the slice's owners: compare with the exact segments.
  const segments = ringSegments(ids.map((id, index) => ({ id, tokens: unique.filter((entry) => entry.owner === index).map((entry) => entry.token) })));
  const slice = arcs[100];
  const inSlice = new Map<string, number>();
  for (const segment of segments) {
    const overlap = Math.min(segment.end, slice.end) - Math.max(segment.start, slice.start) + 1;
    if (overlap > 0) inSlice.set(segment.owner, (inSlice.get(segment.owner) ?? 0) + overlap);
  }
  assert.equal(Math.max(...inSlice.values()), inSlice.get(slice.owner));
  assert.equal(inSlice.size, slice.owners);
});

test("canvas angles put hash 0 at 12 o'clock and a quarter of the keyspace at 3 o'clock", () => {
  const quarter = RING_KEYSPACE / 4;
  const { from, to } = canvasAngles(0, quarter - 1);
  assert.ok(Math.abs(from + Math.PI / 2) < 1e-12);
  assert.ok(Math.abs(to) < 1e-12);
});

test("arcs are gathered by owner, in ring order within each owner", () => {
  const byOwner = arcsByOwner([
    { start: 0, end: 9, owner: "a" },
    { start: 10, end: 19, owner: "b" },
    { start: 20, end: 29, owner: "a" },
  ]);
  assert.deepEqual([...byOwner.keys()], ["a", "b"]);
  assert.deepEqual(byOwner.get("a")?.map((arc) => arc.start), [0, 20]);
});

test("share bars: biggest share first, ties by name, scaled to the biggest, with the weighted fair share", () => {
  const bars = shareBars([
    { id: "shard-02", ownership: 0.25, weight: 1 },
    { id: "shard-03", ownership: 0.5, weight: 2 },
    { id: "shard-01", ownership: 0.25, weight: 1 },
  ]);
  assert.deepEqual(bars.map((bar) => bar.id), ["shard-03", "shard-01", "shard-02"]);
  assert.deepEqual(bars.map((bar) => bar.length), [1, 0.5, 0.5]);
  assert.deepEqual(bars.map((bar) => bar.fairShare), [0.5, 0.25, 0.25]);
  assert.deepEqual(shareBars([]), []);
});
