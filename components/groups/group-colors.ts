/**
 * The one place load-group colours live. A group keeps its id across grouping runs (see
 * lib/grouping/stable-ids), so colouring by id keeps "the pink group" pink on the scatter, in
 * the table, on a node's page and in the nodes list, run after run.
 *
 * The palette avoids the state colours' meanings: no green (healthy), amber (suspect), red
 * (down) or mid blue (maintenance), and no mid grey (unknown); every entry stays readable as
 * text on the dark panels. Ids are handed out by a counter, so groups alive at the same time
 * usually have nearby ids: the order below puts the most different hues next to each other.
 */
export const GROUP_PALETTE = [
  "#38bdf8", // sky
  "#d946ef", // fuchsia
  "#fef08a", // pale yellow
  "#2dd4bf", // teal
  "#c4b5fd", // lavender
  "#fda4af", // rose
  "#fafaf9", // near white
  "#ec4899", // pink
] as const;

/** Colour of the group with this id; any number (even a negative, fractional or NaN one) maps to a palette entry. */
export function groupColor(groupId: number): string {
  if (!Number.isFinite(groupId)) return GROUP_PALETTE[0];
  const size = GROUP_PALETTE.length;
  const index = ((Math.trunc(groupId) % size) + size) % size;
  return GROUP_PALETTE[index];
}

/** Drawn around load outliers; the state palette's "down" red, because an outlier is worth a look. */
export const OUTLIER_RING_COLOR = "#ef4444";
