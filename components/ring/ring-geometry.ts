/**
 * Drawing the consistent-hash ring: hash positions to angles, tokens to owner runs, and runs to
 * SVG arcs. Mirrors lib/ring's scheme without importing it (it would pull zod into the browser):
 * token t[i] owns the hashes t[i-1]+1 .. t[i], the first token also owns the wrap past 2^32-1,
 * and every range here is inclusive at both ends and never wraps.
 */

/** Size of the hash space: hashes are 0 .. 2^32-1. */
export const RING_KEYSPACE = 4_294_967_296;
export const RING_MAX_HASH = RING_KEYSPACE - 1;

/** Hashes start..end (inclusive) owned by one group. */
export type RingSegment = { start: number; end: number; owner: string };

export type GroupTokens = { id: string; tokens: readonly number[] };

/**
 * The ring as maximal runs of one owner, in hash order from 0. Fast for 100 groups × 128 tokens:
 * one numeric sort of (token, owner) pairs packed into doubles (2^32 × 2^16 stays below 2^53).
 */
export function ringSegments(groups: readonly GroupTokens[]): RingSegment[] {
  const total = groups.reduce((sum, group) => sum + group.tokens.length, 0);
  if (total === 0) return [];
  const packed = new Float64Array(total);
  let cursor = 0;
  groups.forEach((group, ownerIndex) => {
    for (const token of group.tokens) packed[cursor++] = token * 65_536 + ownerIndex;
  });
  packed.sort();
  const tokenAt = (i: number) => Math.floor(packed[i] / 65_536);
  const ownerAt = (i: number) => groups[packed[i] % 65_536].id;

  const segments: RingSegment[] = [];
  const push = (start: number, end: number, owner: string) => {
    const last = segments.at(-1);
    if (last && last.owner === owner && last.end + 1 === start) last.end = end;
    else segments.push({ start, end, owner });
  };
  push(0, tokenAt(0), ownerAt(0));
  for (let i = 1; i < total; i++) push(tokenAt(i - 1) + 1, tokenAt(i), ownerAt(i));
  const lastToken = tokenAt(total - 1);
  if (lastToken < RING_MAX_HASH) push(lastToken + 1, RING_MAX_HASH, ownerAt(0));
  return segments;
}

/** Index of the segment holding `hash` (segments sorted and covering 0..2^32-1), or -1. */
export function segmentIndexAt(segments: readonly RingSegment[], hash: number): number {
  let low = 0;
  let high = segments.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (segments[middle].end < hash) low = middle + 1;
    else if (segments[middle].start > hash) high = middle - 1;
    else return middle;
  }
  return -1;
}

/** Share of the keyspace a range covers, 0..1. */
export function rangeShare(range: { start: number; end: number }): number {
  return (range.end - range.start + 1) / RING_KEYSPACE;
}

/**
 * At most `maxArcs` arcs for drawing: when the ring has more runs than that (thousands of
 * sub-pixel slivers), the circle is cut into `maxArcs` equal buckets, each drawn in the colour of
 * whoever owns most of it. Hit-testing keeps using the exact segments.
 */
export function arcsForDrawing(segments: readonly RingSegment[], maxArcs: number): RingSegment[] {
  if (segments.length <= maxArcs) return segments.map((segment) => ({ ...segment }));
  const bucketSize = RING_KEYSPACE / maxArcs;
  const arcs: RingSegment[] = [];
  let index = 0;
  for (let bucket = 0; bucket < maxArcs; bucket++) {
    const bucketStart = Math.floor(bucket * bucketSize);
    const bucketEnd = bucket === maxArcs - 1 ? RING_MAX_HASH : Math.floor((bucket + 1) * bucketSize) - 1;
    const tally = new Map<string, number>();
    while (index < segments.length) {
      const segment = segments[index];
      const overlap = Math.min(segment.end, bucketEnd) - Math.max(segment.start, bucketStart) + 1;
      if (overlap > 0) tally.set(segment.owner, (tally.get(segment.owner) ?? 0) + overlap);
      if (segment.end > bucketEnd) break;
      index++;
    }
    let winner = "";
    let best = -1;
    for (const [owner, size] of tally) {
      if (size > best) {
        best = size;
        winner = owner;
      }
    }
    const last = arcs.at(-1);
    if (last && last.owner === winner) last.end = bucketEnd;
    else arcs.push({ start: bucketStart, end: bucketEnd, owner: winner });
  }
  return arcs;
}

/** One drawn arc of the ring: exact owner runs on small rings, equal slices of the circle on dense ones. */
export type RingArc = RingSegment & {
  /** Tokens inside start..end. */
  tokens: number;
  /** Groups owning some hash in it (1 for an exact run). */
  owners: number;
  /** Share of the arc's hashes its `owner` holds (1 for an exact run). */
  share: number;
};

/**
 * The arcs to draw, straight from a built ring's sorted tokens (`tokens[i]` owned by
 * `ownerIds[owners[i]]`), in one pass: the exact owner runs when there are at most `maxArcs`;
 * otherwise `maxArcs` equal slices, each in the colour of whoever owns most of it, with how many
 * tokens and groups it holds. A browser then draws a ring of 400,000 tokens from a few thousand
 * numbers instead of downloading and sorting them all.
 */
export function ringArcs(tokens: ArrayLike<number>, owners: ArrayLike<number>, ownerIds: readonly string[], maxArcs: number): { arcs: RingArc[]; exact: boolean } {
  const count = tokens.length;
  if (count === 0) return { arcs: [], exact: true };
  const runs: { start: number; end: number; owner: number; tokens: number }[] = [];
  const push = (start: number, end: number, owner: number, tokenCount: number) => {
    const last = runs.at(-1);
    if (last && last.owner === owner && last.end + 1 === start) {
      last.end = end;
      last.tokens += tokenCount;
    } else runs.push({ start, end, owner, tokens: tokenCount });
  };
  push(0, tokens[0], owners[0], 1);
  for (let i = 1; i < count; i++) push(tokens[i - 1] + 1, tokens[i], owners[i], 1);
  if (tokens[count - 1] < RING_MAX_HASH) push(tokens[count - 1] + 1, RING_MAX_HASH, owners[0], 0);

  if (runs.length <= maxArcs) {
    return { arcs: runs.map((run) => ({ start: run.start, end: run.end, owner: ownerIds[run.owner], tokens: run.tokens, owners: 1, share: 1 })), exact: true };
  }

  const arcs: RingArc[] = [];
  const bucketSize = RING_KEYSPACE / maxArcs;
  const tally = new Map<number, number>();
  let index = 0;
  let token = 0;
  for (let bucket = 0; bucket < maxArcs; bucket++) {
    const bucketStart = Math.floor(bucket * bucketSize);
    const bucketEnd = bucket === maxArcs - 1 ? RING_MAX_HASH : Math.floor((bucket + 1) * bucketSize) - 1;
    tally.clear();
    while (index < runs.length) {
      const run = runs[index];
      const overlap = Math.min(run.end, bucketEnd) - Math.max(run.start, bucketStart) + 1;
      if (overlap > 0) tally.set(run.owner, (tally.get(run.owner) ?? 0) + overlap);
      if (run.end > bucketEnd) break;
      index++;
    }
    let tokensInside = 0;
    while (token < count && tokens[token] <= bucketEnd) {
      tokensInside++;
      token++;
    }
    let winner = 0;
    let best = -1;
    for (const [owner, size] of tally) {
      if (size > best) {
        best = size;
        winner = owner;
      }
    }
    arcs.push({ start: bucketStart, end: bucketEnd, owner: ownerIds[winner], tokens: tokensInside, owners: tally.size, share: best / (bucketEnd - bucketStart + 1) });
  }
  return { arcs, exact: false };
}

/** Clockwise from 12 o'clock: hash 0 at the top, 2^32 back at the top. */
export function hashToAngle(hash: number): number {
  return (hash / RING_KEYSPACE) * 2 * Math.PI;
}

/** The hash under an SVG point (dx, dy from the centre, y down). */
export function pointToHash(dx: number, dy: number): number {
  let angle = Math.atan2(dx, -dy);
  if (angle < 0) angle += 2 * Math.PI;
  return Math.min(RING_MAX_HASH, Math.floor((angle / (2 * Math.PI)) * RING_KEYSPACE));
}

export type RingFrame = { cx: number; cy: number };

export function pointAt(frame: RingFrame, radius: number, angle: number): { x: number; y: number } {
  return { x: frame.cx + radius * Math.sin(angle), y: frame.cy - radius * Math.cos(angle) };
}

const round = (value: number) => Math.round(value * 100) / 100;

function annulusPiece(frame: RingFrame, inner: number, outer: number, from: number, to: number): string {
  const large = to - from > Math.PI ? 1 : 0;
  const outerStart = pointAt(frame, outer, from);
  const outerEnd = pointAt(frame, outer, to);
  const innerEnd = pointAt(frame, inner, to);
  const innerStart = pointAt(frame, inner, from);
  return (
    `M${round(outerStart.x)} ${round(outerStart.y)}A${outer} ${outer} 0 ${large} 1 ${round(outerEnd.x)} ${round(outerEnd.y)}` +
    `L${round(innerEnd.x)} ${round(innerEnd.y)}A${inner} ${inner} 0 ${large} 0 ${round(innerStart.x)} ${round(innerStart.y)}Z`
  );
}

/** An annulus sector for hashes start..end (inclusive); more than half a turn is drawn in two pieces. */
export function annulusArcPath(frame: RingFrame, inner: number, outer: number, start: number, end: number): string {
  const from = hashToAngle(start);
  const to = hashToAngle(end + 1);
  if (to - from <= Math.PI) return annulusPiece(frame, inner, outer, from, to);
  const middle = (from + to) / 2;
  return annulusPiece(frame, inner, outer, from, middle) + annulusPiece(frame, inner, outer, middle, to);
}

/** One path per owner (≤ one per group), so a ring of any size stays a handful of DOM nodes. */
export function pathsByOwner(arcs: readonly RingSegment[], frame: RingFrame, inner: number, outer: number): Map<string, string> {
  const paths = new Map<string, string[]>();
  for (const arc of arcs) {
    const parts = paths.get(arc.owner) ?? [];
    parts.push(annulusArcPath(frame, inner, outer, arc.start, arc.end));
    paths.set(arc.owner, parts);
  }
  return new Map([...paths].map(([owner, parts]) => [owner, parts.join("")]));
}

/** Radial tick marks at every token, as one path. */
export function tickPath(tokens: Iterable<number>, frame: RingFrame, inner: number, outer: number): string {
  const parts: string[] = [];
  for (const token of tokens) {
    const angle = hashToAngle(token);
    const a = pointAt(frame, inner, angle);
    const b = pointAt(frame, outer, angle);
    parts.push(`M${round(a.x)} ${round(a.y)}L${round(b.x)} ${round(b.y)}`);
  }
  return parts.join("");
}

/** A 32-bit hash as 8 hex digits: "0x0000beef". */
export function formatHash(hash: number): string {
  return `0x${Math.floor(hash).toString(16).padStart(8, "0")}`;
}

/** A position on the ring as a percentage of the way round: "12.345%". */
export function formatRingPosition(hash: number): string {
  return `${((hash / RING_KEYSPACE) * 100).toFixed(3)}%`;
}

/** Shares of the keyspace: two decimals normally, more for slivers so they never read "0.00%". */
export function formatShare(share: number | null | undefined): string {
  if (share === null || share === undefined || Number.isNaN(share)) return "—";
  const percent = share * 100;
  if (percent !== 0 && Math.abs(percent) < 0.01) return `${percent.toFixed(4)}%`;
  return `${percent.toFixed(2)}%`;
}

/**
 * Canvas angles (0 at 3 o'clock, clockwise, y down) of hashes start..end inclusive, for
 * `ctx.arc`: the ring's 0 sits at 12 o'clock.
 */
export function canvasAngles(start: number, end: number): { from: number; to: number } {
  return { from: hashToAngle(start) - Math.PI / 2, to: hashToAngle(end + 1) - Math.PI / 2 };
}

/** Arcs gathered by owner, so a canvas fills each group's arcs as one path in one colour. */
export function arcsByOwner<T extends RingSegment>(arcs: readonly T[]): Map<string, T[]> {
  const byOwner = new Map<string, T[]>();
  for (const arc of arcs) {
    const list = byOwner.get(arc.owner);
    if (list) list.push(arc);
    else byOwner.set(arc.owner, [arc]);
  }
  return byOwner;
}

/** One group's bar in the share list: its share of the keyspace, its fair (weighted) share, and the bar's length 0..1. */
export type ShareBar = { id: string; share: number; fairShare: number; length: number };

/**
 * Every group's share of the keyspace as bars, biggest first (ties by name), each scaled to the
 * biggest share so the spread between groups reads at a glance even with thousands of them.
 */
export function shareBars(groups: readonly { id: string; ownership: number; weight: number }[]): ShareBar[] {
  const totalWeight = groups.reduce((sum, group) => sum + group.weight, 0);
  const biggest = groups.reduce((max, group) => Math.max(max, group.ownership), 0);
  return groups
    .map((group) => ({
      id: group.id,
      share: group.ownership,
      fairShare: totalWeight > 0 ? group.weight / totalWeight : 0,
      length: biggest > 0 ? group.ownership / biggest : 0,
    }))
    .sort((a, b) => b.share - a.share || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
