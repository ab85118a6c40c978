import type { Ring } from "./build";

/** Largest hash value. */
export const MAX_HASH = 4_294_967_295;

/**
 * A contiguous run of hash values, BOTH ENDS INCLUSIVE: `start ≤ hash ≤ end`, 0 ≤ start ≤ end ≤
 * 2^32-1, size `end - start + 1`. Ranges never wrap: an arc across 2^32 → 0 is two ranges, one
 * ending at 4294967295 and one starting at 0.
 */
export type RingRange = { start: number; end: number };

/** A range and the group owning it. */
export type OwnedRange = RingRange & { group: string };

/**
 * Visits the ring as maximal runs of one owner, in hash order from 0: each token `i` owns
 * `[tokens[i-1] + 1, tokens[i]]`, the first token also owns `[tokens[last] + 1, 2^32-1]`.
 * Runs are maximal, so two runs of one owner never touch, except across the wrap at 2^32 → 0,
 * which stays two ranges.
 */
function forEachRun(ring: Ring, visit: (start: number, end: number, owner: number) => void): void {
  const { tokens, owners } = ring;
  const n = tokens.length;
  let runStart = 0;
  let runOwner = owners[0];
  for (let i = 1; i < n; i++) {
    if (owners[i] !== runOwner) {
      visit(runStart, tokens[i - 1], runOwner);
      runStart = tokens[i - 1] + 1;
      runOwner = owners[i];
    }
  }
  // The tail past the last token belongs to the first token's owner.
  if (runOwner === owners[0]) {
    visit(runStart, MAX_HASH, runOwner);
  } else {
    visit(runStart, tokens[n - 1], runOwner);
    if (tokens[n - 1] < MAX_HASH) visit(tokens[n - 1] + 1, MAX_HASH, owners[0]);
  }
}

/**
 * The hash ranges a group owns, sorted by start, merged where contiguous: what an agent needs
 * to know it serves a key (`start ≤ hashKey(key) ≤ end`). A group not on the ring owns `[]`.
 */
export function rangesOwnedBy(ring: Ring, groupId: string): RingRange[] {
  const index = ring.groupIds.indexOf(groupId);
  if (index < 0) return [];
  const ranges: RingRange[] = [];
  forEachRun(ring, (start, end, owner) => {
    if (owner === index) ranges.push({ start, end });
  });
  return ranges;
}

/** The whole ring as owner runs, sorted by start, covering 0..2^32-1 exactly once (for the ring view). */
export function ringRanges(ring: Ring): OwnedRange[] {
  const ranges: OwnedRange[] = [];
  forEachRun(ring, (start, end, owner) => {
    ranges.push({ start, end, group: ring.groupIds[owner] });
  });
  return ranges;
}
