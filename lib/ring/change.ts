import { z } from "zod";
import { buildRing, type Ring } from "./build";
import { diffRings, type MovedRange, type RingMove } from "./diff";
import {
  canonicalMembership,
  compareIds,
  parseRing,
  ringChangeSchema,
  ringMembershipSchema,
  type RingChange,
  type RingMembership,
  type RingOptions,
} from "./membership";
import { imbalance, ownership, type GroupOwnership, type RingImbalance } from "./ownership";
import { RingError } from "./ring-error";

export const ringEpochSchema = z.strictObject({
  epoch: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  membership: ringMembershipSchema,
  /** Milliseconds since the Unix epoch, given by the caller (the ring has no clock). */
  createdAt: z.number().int().min(0),
});
/** One version of the ring. Epoch numbers start at 1 and grow by exactly 1 per change. */
export type RingEpoch = z.infer<typeof ringEpochSchema>;

/** What a change would do, computed by the same path that commits it. */
export type RingChangePreview = {
  fromEpoch: number;
  toEpoch: number;
  /** Share of the keyspace that changes owner, 0..1. */
  movedShare: number;
  moves: RingMove[];
  ranges: MovedRange[];
  /** The membership the change produces (canonical: sorted by id). */
  next: RingMembership;
  ownershipBefore: GroupOwnership[];
  ownershipAfter: GroupOwnership[];
  imbalanceBefore: RingImbalance;
  imbalanceAfter: RingImbalance;
};

/** A committed change: the new epoch, the preview it matches, and its built ring. */
export type CommittedRingChange = { epoch: RingEpoch; preview: RingChangePreview; ring: Ring };

/**
 * Applies a change to a membership and returns the next membership (canonical, sorted by id).
 * Throws {@link RingError} when the change is malformed (schema), empty, names an id twice,
 * removes or reweights an unknown group, adds an existing one, or would leave no group.
 */
export function applyChange(membership: RingMembership, change: RingChange): RingMembership {
  const current = canonicalMembership(membership);
  const parsed = parseRing(ringChangeSchema, change, "invalid_change", "ring change");
  const add = parsed.add ?? [];
  const remove = parsed.remove ?? [];
  const reweight = parsed.reweight ?? [];
  if (add.length + remove.length + reweight.length === 0) throw new RingError("empty_change", "the ring change adds, removes and reweights nothing");

  const seen = new Set<string>();
  for (const id of [...add.map((g) => g.id), ...remove, ...reweight.map((g) => g.id)]) {
    if (seen.has(id)) throw new RingError("duplicate_group", `group "${id}" appears more than once in the ring change`);
    seen.add(id);
  }
  const weights = new Map(current.groups.map((group) => [group.id, group.weight]));
  for (const id of remove) if (!weights.has(id)) throw new RingError("unknown_group", `cannot remove group "${id}": it is not on the ring`);
  for (const group of reweight) if (!weights.has(group.id)) throw new RingError("unknown_group", `cannot reweight group "${group.id}": it is not on the ring`);
  for (const group of add) if (weights.has(group.id)) throw new RingError("group_exists", `cannot add group "${group.id}": it is already on the ring`);

  for (const id of remove) weights.delete(id);
  for (const group of reweight) weights.set(group.id, group.weight);
  for (const group of add) weights.set(group.id, group.weight);
  if (weights.size === 0) throw new RingError("empty_ring", "the ring change would remove every group");

  const groups = [...weights].map(([id, weight]) => ({ id, weight })).sort((a, b) => compareIds(a.id, b.id));
  return canonicalMembership({ groups });
}

/** Everything about a change before committing it. Pure; throws {@link RingError} like `applyChange`. */
export function previewChange(current: RingEpoch, change: RingChange, options?: RingOptions): RingChangePreview {
  return planChange(current, change, options).preview;
}

/**
 * Commits a change: the next epoch (`current.epoch + 1`) with the membership the preview shows.
 * Goes through the very function `previewChange` uses, so the two cannot disagree.
 */
export function commitChange(current: RingEpoch, change: RingChange, createdAt: number, options?: RingOptions): CommittedRingChange {
  const { preview, ring } = planChange(current, change, options);
  const epoch = parseRing(ringEpochSchema, { epoch: preview.toEpoch, membership: preview.next, createdAt }, "invalid_epoch", "ring epoch");
  return { epoch, preview, ring };
}

function planChange(current: RingEpoch, change: RingChange, options: RingOptions | undefined): { preview: RingChangePreview; ring: Ring } {
  const from = parseRing(ringEpochSchema, current, "invalid_epoch", "ring epoch");
  const next = applyChange(from.membership, change);
  const before = buildRing(from.membership, options);
  const after = buildRing(next, options);
  const diff = diffRings(before, after);
  const ownershipBefore = ownership(before);
  const ownershipAfter = ownership(after);
  return {
    ring: after,
    preview: {
      fromEpoch: from.epoch,
      toEpoch: from.epoch + 1,
      movedShare: diff.movedShare,
      moves: diff.moves,
      ranges: diff.ranges,
      next,
      ownershipBefore,
      ownershipAfter,
      imbalanceBefore: imbalance(ownershipBefore),
      imbalanceAfter: imbalance(ownershipAfter),
    },
  };
}

/** The first epoch of a ring (epoch 1). */
export function firstEpoch(membership: RingMembership, createdAt: number): RingEpoch {
  return parseRing(ringEpochSchema, { epoch: 1, membership: canonicalMembership(membership), createdAt }, "invalid_epoch", "ring epoch");
}

/** True when `incoming` is newer than what is known: epochs only grow, anything else is stale. */
export function isNewerEpoch(known: RingEpoch | null | undefined, incoming: RingEpoch): boolean {
  return known == null || incoming.epoch > known.epoch;
}

/** Throws `stale_epoch` unless `next` directly follows `previous` (for a store writing epochs). */
export function assertNextEpoch(previous: RingEpoch | null | undefined, next: RingEpoch): void {
  const expected = previous == null ? 1 : previous.epoch + 1;
  if (next.epoch !== expected) throw new RingError("stale_epoch", `ring epoch ${next.epoch} does not follow ${previous?.epoch ?? "nothing"} (expected ${expected})`);
}
