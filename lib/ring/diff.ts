import type { Ring } from "./build";
import { KEYSPACE } from "./ownership";
import { MAX_HASH } from "./ranges";

/** Hashes `start..end` (inclusive, never wrapping) that moved from one group to another. */
export type MovedRange = { start: number; end: number; from: string; to: string };
/** Everything that moved between one pair of groups. */
export type RingMove = { from: string; to: string; share: number };

export type RingDiff = {
  /** Changed-owner ranges, sorted by start, contiguous ranges with the same (from, to) merged. */
  ranges: MovedRange[];
  /** Hash values that changed owner (exact integer). */
  movedKeyspace: number;
  /** `movedKeyspace / 2^32`. */
  movedShare: number;
  /** Moves per (from, to), sorted by share descending, then from, then to. */
  moves: RingMove[];
};

/**
 * What changes owner between two rings: one merge walk over both token arrays. Between two
 * consecutive tokens of the union, each ring has one owner (the first token ≥ the hash in that
 * ring, wrapping); where the two owners differ the keys move.
 */
export function diffRings(before: Ring, after: Ring): RingDiff {
  const ta = before.tokens;
  const tb = after.tokens;
  const oa = before.owners;
  const ob = after.owners;
  const na = ta.length;
  const nb = tb.length;
  // Map each group of `after` to its index in `before` (-1 if new), so owners compare as numbers.
  const indexBefore = new Map(before.groupIds.map((id, i) => [id, i]));
  const afterToBefore = Int32Array.from(after.groupIds, (id) => indexBefore.get(id) ?? -1);

  const starts: number[] = [];
  const ends: number[] = [];
  const froms: number[] = [];
  const tos: number[] = [];
  const emit = (start: number, end: number, from: number, to: number): void => {
    if (afterToBefore[to] === from) return;
    const last = starts.length - 1;
    if (last >= 0 && froms[last] === from && tos[last] === to && ends[last] + 1 === start) {
      ends[last] = end;
      return;
    }
    starts.push(start);
    ends.push(end);
    froms.push(from);
    tos.push(to);
  };

  let i = 0;
  let j = 0;
  let previous = -1;
  while (i < na || j < nb) {
    const a = i < na ? ta[i] : Infinity;
    const b = j < nb ? tb[j] : Infinity;
    const current = a < b ? a : b;
    emit(previous + 1, current, oa[i < na ? i : 0], ob[j < nb ? j : 0]);
    if (a === current) i++;
    if (b === current) j++;
    previous = current;
  }
  if (previous < MAX_HASH) emit(previous + 1, MAX_HASH, oa[0], ob[0]);

  let movedKeyspace = 0;
  const byPair = new Map<number, number>();
  const pairKey = (from: number, to: number): number => from * 65_536 + to;
  const ranges: MovedRange[] = new Array(starts.length);
  for (let k = 0; k < starts.length; k++) {
    const size = ends[k] - starts[k] + 1;
    movedKeyspace += size;
    const key = pairKey(froms[k], tos[k]);
    byPair.set(key, (byPair.get(key) ?? 0) + size);
    ranges[k] = { start: starts[k], end: ends[k], from: before.groupIds[froms[k]], to: after.groupIds[tos[k]] };
  }
  const moves: RingMove[] = [...byPair].map(([key, size]) => ({
    from: before.groupIds[Math.floor(key / 65_536)],
    to: after.groupIds[key % 65_536],
    share: size / KEYSPACE,
  }));
  moves.sort((x, y) => y.share - x.share || (x.from < y.from ? -1 : x.from > y.from ? 1 : 0) || (x.to < y.to ? -1 : x.to > y.to ? 1 : 0));
  return { ranges, movedKeyspace, movedShare: movedKeyspace / KEYSPACE, moves };
}
