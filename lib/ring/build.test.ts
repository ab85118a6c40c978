import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { AppError } from "../errors";
import { buildRing, lookupKey, lookupPosition, ownerOf, ownerOfHash, ringBytes, type Ring } from "./build";
import { equalGroups, membershipArb, sampleKeys } from "./fixtures/arbitraries";
import { ownership } from "./ownership";
import { rangesOwnedBy } from "./ranges";
import { RingError } from "./ring-error";
import { hashKey } from "./xxh32";

/** The definition, by brute force: the first token ≥ hash, wrapping to the first token. */
function naiveOwner(ring: Ring, hash: number): string {
  for (let i = 0; i < ring.tokens.length; i++) if (ring.tokens[i] >= hash) return ring.groupIds[ring.owners[i]];
  return ring.groupIds[ring.owners[0]];
}

function expectRingError(run: () => unknown, reason: RingError["reason"]): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof RingError, `expected a RingError, got ${String(error)}`);
    assert.ok(error instanceof AppError);
    assert.equal(error.reason, reason, error.message);
    return true;
  });
}

test("tokens follow the documented scheme: xxh32(`${id}#${i}`), round(weight × 128) of them, at least 1", () => {
  const ring = buildRing({ groups: [{ id: "alpha", weight: 1.5 }] });
  const expected = Array.from({ length: 192 }, (_, i) => hashKey(`alpha#${i}`)).sort((a, b) => a - b);
  assert.deepEqual([...ring.tokens], expected);
  assert.equal(ring.groups[0].vnodes, 192);
  assert.equal(buildRing({ groups: [{ id: "tiny", weight: 0.001 }] }).tokens.length, 1);
  assert.equal(buildRing({ groups: [{ id: "u", weight: 1 }] }, { vnodesPerWeight: 32 }).tokens.length, 32);
  const unicode = buildRing({ groups: [{ id: "žluť-🐙", weight: 0.02 }] });
  assert.deepEqual([...unicode.tokens], [hashKey("žluť-🐙#0"), hashKey("žluť-🐙#1"), hashKey("žluť-🐙#2")].sort((a, b) => a - b));
});

test("lookup always returns a current member, the same one as the brute-force definition", () => {
  fc.assert(
    fc.property(membershipArb(1, 20), fc.array(fc.string({ maxLength: 30 }), { minLength: 1, maxLength: 50 }), fc.array(fc.nat({ max: 0xffffffff }), { maxLength: 50 }), (membership, keys, hashes) => {
      const ring = buildRing(membership, { vnodesPerWeight: 16 });
      const members = new Set(membership.groups.map((g) => g.id));
      for (const key of keys) {
        const found = lookupKey(ring, key);
        assert.ok(members.has(found.group));
        assert.equal(found.group, ownerOf(ring, key));
        assert.equal(found.hash, hashKey(key));
        assert.equal(found.group, naiveOwner(ring, found.hash));
        assert.ok(found.token >= found.hash || found.token === ring.tokens[0]);
      }
      for (const hash of [...hashes, 0, 0xffffffff, ring.tokens[0], ring.tokens[ring.tokens.length - 1], ring.tokens[0] + 1]) {
        assert.equal(ownerOfHash(ring, hash >>> 0), naiveOwner(ring, hash >>> 0));
      }
    }),
    { numRuns: 150 },
  );
});

test("lookup wraps past the last token to the first, and hits a token exactly", () => {
  const ring = buildRing(equalGroups(5), { vnodesPerWeight: 8 });
  const last = ring.tokens.length - 1;
  assert.equal(lookupPosition(ring, ring.tokens[last] + 1), 0);
  assert.equal(lookupPosition(ring, 0xffffffff), ring.tokens[last] === 0xffffffff ? last : 0);
  for (let i = 0; i <= last; i++) assert.equal(lookupPosition(ring, ring.tokens[i]), i);
  for (let i = 1; i <= last; i++) assert.equal(lookupPosition(ring, ring.tokens[i - 1] + 1), i);
});

test("the same membership gives an identical ring in any group order", () => {
  fc.assert(
    fc.property(membershipArb(1, 30).chain((m) => fc.tuple(fc.constant(m), fc.shuffledSubarray(m.groups, { minLength: m.groups.length, maxLength: m.groups.length }))), ([membership, shuffled]) => {
      const a = buildRing(membership);
      const b = buildRing({ groups: shuffled });
      assert.deepEqual(a.tokens, b.tokens);
      assert.deepEqual(a.owners, b.owners);
      assert.deepEqual(a.groupIds, b.groupIds);
      assert.deepEqual(a.membership, b.membership);
    }),
    { numRuns: 60 },
  );
});

test("tokens are strictly ascending and every group holds its vnodes unless it lost a collision", () => {
  fc.assert(
    fc.property(membershipArb(1, 30), (membership) => {
      const ring = buildRing(membership);
      for (let i = 1; i < ring.tokens.length; i++) assert.ok(ring.tokens[i - 1] < ring.tokens[i]);
      assert.equal(ring.tokens.length, ring.groups.reduce((sum, g) => sum + g.tokens, 0));
      for (const group of ring.groups) {
        assert.equal(group.vnodes, Math.max(1, Math.round(group.weight * 128)));
        assert.ok(group.tokens <= group.vnodes);
      }
      for (const owner of ring.owners) assert.ok(owner < ring.groups.length);
    }),
    { numRuns: 60 },
  );
});

/** Two ids `c${i}` whose first tokens collide, found by a birthday search (deterministic). */
function collidingIds(): [string, string] {
  const seen = new Map<number, string>();
  for (let i = 0; ; i++) {
    const id = `c${i}`;
    const token = hashKey(`${id}#0`);
    const other = seen.get(token);
    if (other !== undefined) return [other, id];
    seen.set(token, id);
  }
}

test("a token collision goes to the group whose id sorts first, in any order", () => {
  const [first, second] = collidingIds();
  assert.equal(hashKey(`${first}#0`), hashKey(`${second}#0`));
  const winner = first < second ? first : second;
  const loser = winner === first ? second : first;
  for (const groups of [
    [{ id: first, weight: 1 }, { id: second, weight: 1 }],
    [{ id: second, weight: 1 }, { id: first, weight: 1 }],
  ]) {
    const ring = buildRing({ groups }, { vnodesPerWeight: 1 });
    assert.equal(ring.tokens.length, 1);
    assert.equal(ring.groupIds[ring.owners[0]], winner);
    assert.equal(ring.groups.find((g) => g.id === loser)?.tokens, 0);
    assert.equal(ownerOf(ring, "any key"), winner);
    assert.deepEqual(rangesOwnedBy(ring, loser), []);
    assert.equal(ownership(ring).find((o) => o.id === loser)?.share, 0);
  }
});

test("bad memberships are refused with one error type", () => {
  expectRingError(() => buildRing({ groups: [] }), "invalid_membership");
  expectRingError(() => buildRing({ groups: [{ id: "a", weight: 1 }, { id: "a", weight: 2 }] }), "duplicate_group");
  expectRingError(() => buildRing({ groups: [{ id: "a", weight: 0 }] }), "invalid_membership");
  expectRingError(() => buildRing({ groups: [{ id: "a", weight: -1 }] }), "invalid_membership");
  expectRingError(() => buildRing({ groups: [{ id: "a", weight: Number.NaN }] }), "invalid_membership");
  expectRingError(() => buildRing({ groups: [{ id: "a", weight: 101 }] }), "invalid_membership");
  expectRingError(() => buildRing({ groups: [{ id: "", weight: 1 }] }), "invalid_membership");
  expectRingError(() => buildRing({ groups: [{ id: "a", weight: 1 }] }, { vnodesPerWeight: 0 }), "invalid_membership");
  const heavy = Array.from({ length: 11 }, (_, i) => ({ id: `h${i}`, weight: 100 }));
  expectRingError(() => buildRing({ groups: heavy }, { vnodesPerWeight: 4_096 }), "too_many_tokens");
});

test("1,000 groups × 128 vnodes stay small: 6 bytes a token plus a 256 KiB lookup index", () => {
  const ring = buildRing(equalGroups(1_000));
  assert.ok(ring.tokens.length > 127_990);
  assert.ok(ringBytes(ring) < 1_100_000, `${ringBytes(ring)} bytes`);
  const { keys } = sampleKeys(2_000);
  for (const key of keys) assert.equal(ownerOf(ring, key), naiveOwner(ring, hashKey(key)));
});
