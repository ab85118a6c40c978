import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { buildRing } from "./build";
import { equalGroups, membershipArb, sampleKeys } from "./fixtures/arbitraries";
import { imbalance, KEYSPACE, ownership, ownershipByNode } from "./ownership";

test("ownership sums to 100%: exact integer keyspace, shares within 1e-9", () => {
  fc.assert(
    fc.property(membershipArb(1, 40), (membership) => {
      const owned = ownership(buildRing(membership));
      assert.equal(owned.reduce((sum, g) => sum + g.keyspace, 0), KEYSPACE);
      assert.ok(Math.abs(owned.reduce((sum, g) => sum + g.share, 0) - 1) < 1e-9);
      for (const group of owned) {
        assert.ok(Number.isInteger(group.keyspace) && group.share >= 0 && group.share <= 1);
      }
      assert.deepEqual(
        owned.map((g) => g.id),
        membership.groups.map((g) => g.id).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
      );
    }),
    { numRuns: 100 },
  );
});

test("ownership agrees with where 100,000 sample keys land (within sampling error)", () => {
  const { hashes } = sampleKeys(100_000);
  const ring = buildRing({ groups: [{ id: "a", weight: 1 }, { id: "b", weight: 2 }, { id: "c", weight: 0.5 }, { id: "d", weight: 1 }] });
  const counts = new Map<string, number>();
  for (const hash of hashes) {
    const group = ring.groupIds[ring.owners[lookupIndex(ring.tokens, hash)]];
    counts.set(group, (counts.get(group) ?? 0) + 1);
  }
  for (const group of ownership(ring)) {
    const sampled = (counts.get(group.id) ?? 0) / hashes.length;
    const sigma = Math.sqrt((group.share * (1 - group.share)) / hashes.length);
    assert.ok(Math.abs(sampled - group.share) < 5 * sigma, `${group.id}: sampled ${sampled}, exact ${group.share}`);
  }
});

function lookupIndex(tokens: Uint32Array, hash: number): number {
  let i = 0;
  while (i < tokens.length && tokens[i] < hash) i++;
  return i === tokens.length ? 0 : i;
}

test("ownership spread (stddev/mean) stays near the theoretical 1/√V for V in {32, 128, 512}", () => {
  for (const vnodes of [32, 128, 512]) {
    // Three independent sets of 200 groups, so one lucky or unlucky ring cannot decide.
    const spreads = ["a-", "b-", "c-"].map((prefix) => imbalance(ownership(buildRing(equalGroups(200, prefix), { vnodesPerWeight: vnodes }))).stddevOverMean);
    const mean = spreads.reduce((sum, s) => sum + s, 0) / spreads.length;
    const theory = 1 / Math.sqrt(vnodes);
    assert.ok(mean > theory / 2 && mean < theory * 2, `V=${vnodes}: stddev/mean ${mean.toFixed(4)} vs 1/√V ${theory.toFixed(4)}`);
    // tighter than the brief asks: the spread should sit within 25% of theory
    assert.ok(Math.abs(mean / theory - 1) < 0.25, `V=${vnodes}: stddev/mean ${mean.toFixed(4)} vs 1/√V ${theory.toFixed(4)}`);
  }
});

test("imbalance normalises by weight: heavier groups are not 'overloaded' for owning more", () => {
  const groups = Array.from({ length: 60 }, (_, i) => ({ id: `w${i}`, weight: [0.5, 1, 3][i % 3] }));
  const owned = ownership(buildRing({ groups }));
  const result = imbalance(owned);
  assert.ok(result.maxOverMean < 1.6, JSON.stringify(result));
  assert.ok(result.minOverMean > 0.5, JSON.stringify(result));
  assert.ok(result.stddevOverMean < 0.15, JSON.stringify(result));
  const heavy = owned.filter((g) => g.weight === 3).reduce((s, g) => s + g.share, 0);
  const light = owned.filter((g) => g.weight === 0.5).reduce((s, g) => s + g.share, 0);
  assert.ok(heavy / light > 4.5 && heavy / light < 7.5, `heavy/light ${heavy / light}`);
  assert.equal(owned.find((g) => g.id === result.mostLoaded) !== undefined, true);
  // A perfectly even table reads as 1 / 1 / 0.
  const even = imbalance([
    { id: "x", weight: 1, tokens: 1, keyspace: KEYSPACE / 4, share: 0.25 },
    { id: "y", weight: 3, tokens: 3, keyspace: (3 * KEYSPACE) / 4, share: 0.75 },
  ]);
  assert.deepEqual([even.maxOverMean, even.minOverMean, even.stddevOverMean], [1, 1, 0]);
});

test("per-node ownership goes through the node's group", () => {
  const owned = ownership(buildRing(equalGroups(4)));
  const nodes = ownershipByNode(owned, [
    { nodeId: "n1", group: "g0" },
    { nodeId: "n2", group: "g0" },
    { nodeId: "n3", group: "g3" },
    { nodeId: "n4", group: "gone" },
  ]);
  assert.equal(nodes[0].share, owned[0].share);
  assert.equal(nodes[1].share, owned[0].share);
  assert.equal(nodes[2].share, owned[3].share);
  assert.equal(nodes[3].share, 0);
});
