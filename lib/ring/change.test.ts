import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { AppError } from "../errors";
import { buildRing } from "./build";
import { applyChange, assertNextEpoch, commitChange, firstEpoch, isNewerEpoch, previewChange, type RingEpoch } from "./change";
import { diffRings } from "./diff";
import { membershipAndChangeArb, membershipArb } from "./fixtures/arbitraries";
import { ringChangeSchema, type RingChange, type RingMembership } from "./membership";
import { imbalance, ownership } from "./ownership";
import { RingError, type RingErrorReason } from "./ring-error";

const NOW = 1_764_000_000_000;
const base: RingMembership = { groups: [{ id: "a", weight: 1 }, { id: "b", weight: 2 }, { id: "c", weight: 1 }] };

function refusedWith(change: unknown, reason: RingErrorReason, membership: RingMembership = base): void {
  assert.throws(
    () => applyChange(membership, change as RingChange),
    (error: unknown) => {
      assert.ok(error instanceof RingError && error instanceof AppError, String(error));
      assert.equal(error.reason, reason, error.message);
      assert.ok(error.message.length > 10);
      return true;
    },
  );
}

test("invalid changes are refused with a clear RingError", () => {
  refusedWith({ remove: ["zz"] }, "unknown_group");
  refusedWith({ reweight: [{ id: "zz", weight: 1 }] }, "unknown_group");
  refusedWith({ add: [{ id: "a", weight: 1 }] }, "group_exists");
  refusedWith({ add: [{ id: "d", weight: 1 }, { id: "d", weight: 2 }] }, "duplicate_group");
  refusedWith({ remove: ["a", "a"] }, "duplicate_group");
  refusedWith({ remove: ["a"], reweight: [{ id: "a", weight: 3 }] }, "duplicate_group");
  refusedWith({ remove: ["a"], add: [{ id: "a", weight: 3 }] }, "duplicate_group");
  refusedWith({ add: [{ id: "d", weight: 0 }] }, "invalid_change");
  refusedWith({ add: [{ id: "d", weight: -2 }] }, "invalid_change");
  refusedWith({ reweight: [{ id: "a", weight: 1_000 }] }, "invalid_change");
  refusedWith({ reweight: [{ id: "a", weight: Number.POSITIVE_INFINITY }] }, "invalid_change");
  refusedWith({ add: [{ id: "", weight: 1 }] }, "invalid_change");
  refusedWith({ drain: ["a"] }, "invalid_change");
  refusedWith({}, "empty_change");
  refusedWith({ add: [], remove: [] }, "empty_change");
  refusedWith({ remove: ["a", "b", "c"] }, "empty_ring");
  assert.equal(ringChangeSchema.safeParse({ add: [{ id: "x", weight: 1 }], remove: ["a"] }).success, true);
  // The HTTP mapping: conflicts are 409, the rest 400.
  try {
    applyChange(base, { add: [{ id: "a", weight: 1 }] });
  } catch (error) {
    assert.ok(error instanceof RingError);
    assert.equal(error.status, 409);
  }
});

test("applyChange: removes, reweights and adds, returns a canonical membership, leaves its input alone", () => {
  const input = structuredClone(base);
  const next = applyChange(input, { remove: ["b"], reweight: [{ id: "c", weight: 0.5 }], add: [{ id: "0", weight: 3 }] });
  assert.deepEqual(next, { groups: [{ id: "0", weight: 3 }, { id: "a", weight: 1 }, { id: "c", weight: 0.5 }] });
  assert.deepEqual(input, base);
  // Replacing the last group in one change is fine; only an empty result is refused.
  assert.deepEqual(applyChange({ groups: [{ id: "solo", weight: 1 }] }, { remove: ["solo"], add: [{ id: "next", weight: 1 }] }), { groups: [{ id: "next", weight: 1 }] });
});

test("preview equals apply: the committed epoch, its ring and the preview's figures all agree", () => {
  fc.assert(
    fc.property(membershipAndChangeArb, fc.integer({ min: 1, max: 1_000_000 }), ({ membership, change }, epochNumber) => {
      const current: RingEpoch = { epoch: epochNumber, membership, createdAt: NOW };
      const preview = previewChange(current, change);
      const committed = commitChange(current, change, NOW + 1);
      assert.deepEqual(committed.preview, preview);
      assert.deepEqual(committed.epoch, { epoch: epochNumber + 1, membership: preview.next, createdAt: NOW + 1 });
      assert.deepEqual(preview.next, applyChange(membership, change));
      assert.equal(preview.fromEpoch, epochNumber);
      assert.equal(preview.toEpoch, epochNumber + 1);

      // ... and an independent recomputation from the applied membership gives the same figures
      const before = buildRing(membership);
      const after = buildRing(applyChange(membership, change));
      assert.deepEqual(committed.ring.tokens, after.tokens);
      assert.deepEqual(committed.ring.owners, after.owners);
      const diff = diffRings(before, after);
      assert.deepEqual([preview.movedShare, preview.moves, preview.ranges], [diff.movedShare, diff.moves, diff.ranges]);
      assert.deepEqual(preview.ownershipBefore, ownership(before));
      assert.deepEqual(preview.ownershipAfter, ownership(after));
      assert.deepEqual(preview.imbalanceAfter, imbalance(ownership(after)));
    }),
    { numRuns: 40 },
  );
});

test("previewing is pure: the same call twice gives the same answer and changes nothing", () => {
  const current = firstEpoch(base, NOW);
  const snapshot = structuredClone(current);
  const change: RingChange = { add: [{ id: "d", weight: 1 }] };
  assert.deepEqual(previewChange(current, change), previewChange(current, change));
  assert.deepEqual(current, snapshot);
});

test("epochs only grow: each commit is previous + 1, older or equal epochs are stale", () => {
  fc.assert(
    fc.property(membershipArb(1, 6), fc.array(fc.nat(), { minLength: 1, maxLength: 8 }), (membership, picks) => {
      let current = firstEpoch(membership, NOW);
      assert.equal(current.epoch, 1);
      assertNextEpoch(null, current);
      let n = 0;
      for (const pick of picks) {
        const ids = current.membership.groups.map((g) => g.id);
        const change: RingChange =
          pick % 3 === 0 || ids.length === 1
            ? { add: [{ id: `added-${n++}`, weight: 1 + (pick % 2) }] }
            : pick % 3 === 1
              ? { remove: [ids[pick % ids.length]] }
              : { reweight: [{ id: ids[pick % ids.length], weight: 0.5 + (pick % 4) }] };
        const next = commitChange(current, change, NOW + n).epoch;
        assert.equal(next.epoch, current.epoch + 1);
        assert.ok(isNewerEpoch(current, next));
        assert.ok(!isNewerEpoch(next, current), "an older epoch is never accepted");
        assert.ok(!isNewerEpoch(next, next), "a replay of the same epoch is not newer");
        assertNextEpoch(current, next);
        assert.throws(() => assertNextEpoch(next, current), (e: unknown) => e instanceof RingError && e.reason === "stale_epoch");
        assert.throws(() => assertNextEpoch(next, next), (e: unknown) => e instanceof RingError && e.reason === "stale_epoch");
        current = next;
      }
      assert.equal(current.epoch, picks.length + 1);
      assert.ok(isNewerEpoch(null, current));
    }),
    { numRuns: 60 },
  );
});

test("epochs are validated: a bad epoch number or createdAt is refused", () => {
  const good = firstEpoch(base, NOW);
  for (const bad of [
    { ...good, epoch: 0 },
    { ...good, epoch: 1.5 },
    { ...good, createdAt: Number.NaN },
    { ...good, membership: { groups: [] } },
  ]) {
    assert.throws(() => previewChange(bad, { remove: ["a"] }), (e: unknown) => e instanceof RingError && e.reason === "invalid_epoch");
  }
  assert.throws(() => commitChange(good, { remove: ["a"] }, -5), (e: unknown) => e instanceof RingError && e.reason === "invalid_epoch");
});
