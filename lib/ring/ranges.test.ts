import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { buildRing, ownerOfHash } from "./build";
import { membershipArb, sampleKeys } from "./fixtures/arbitraries";
import { ownership } from "./ownership";
import { MAX_HASH, rangesOwnedBy, ringRanges, type RingRange } from "./ranges";

function inRanges(ranges: readonly RingRange[], hash: number): boolean {
  let low = 0;
  let high = ranges.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (ranges[middle].end < hash) low = middle + 1;
    else if (ranges[middle].start > hash) high = middle - 1;
    else return true;
  }
  return false;
}

const { hashes } = sampleKeys(5_000);

test("rangesOwnedBy: sorted, inclusive, non-wrapping, merged, sized like ownership, and exactly the group's keys", () => {
  fc.assert(
    fc.property(membershipArb(1, 12), fc.nat(), (membership, pick) => {
      const ring = buildRing(membership, { vnodesPerWeight: 32 });
      const group = ring.groupIds[pick % ring.groupIds.length];
      const ranges = rangesOwnedBy(ring, group);
      let size = 0;
      for (let i = 0; i < ranges.length; i++) {
        const { start, end } = ranges[i];
        assert.ok(Number.isInteger(start) && Number.isInteger(end) && start >= 0 && start <= end && end <= MAX_HASH);
        if (i > 0) assert.ok(start > ranges[i - 1].end + 1, "ranges must be disjoint and merged where contiguous");
        size += end - start + 1;
      }
      assert.equal(size, ownership(ring).find((g) => g.id === group)?.keyspace);
      for (const hash of [...hashes, 0, MAX_HASH, ...ring.tokens.subarray(0, 20)]) {
        assert.equal(inRanges(ranges, hash), ownerOfHash(ring, hash) === group);
      }
    }),
    { numRuns: 100 },
  );
});

test("a lone group owns the whole keyspace as one range; an unknown group owns nothing", () => {
  const ring = buildRing({ groups: [{ id: "only", weight: 1 }] });
  assert.deepEqual(rangesOwnedBy(ring, "only"), [{ start: 0, end: MAX_HASH }]);
  assert.deepEqual(rangesOwnedBy(ring, "nobody"), []);
  assert.deepEqual(ringRanges(ring), [{ start: 0, end: MAX_HASH, group: "only" }]);
});

test("ringRanges tiles 0..2^32-1 exactly once with the right owners", () => {
  fc.assert(
    fc.property(membershipArb(1, 12), (membership) => {
      const ring = buildRing(membership, { vnodesPerWeight: 16 });
      const ranges = ringRanges(ring);
      assert.equal(ranges[0].start, 0);
      assert.equal(ranges[ranges.length - 1].end, MAX_HASH);
      for (let i = 1; i < ranges.length; i++) {
        assert.equal(ranges[i].start, ranges[i - 1].end + 1);
        assert.notEqual(ranges[i].group, ranges[i - 1].group);
      }
      for (const range of ranges) {
        assert.equal(ownerOfHash(ring, range.start), range.group);
        assert.equal(ownerOfHash(ring, range.end), range.group);
      }
    }),
    { numRuns: 80 },
  );
});
