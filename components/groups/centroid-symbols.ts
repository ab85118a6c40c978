import type { SymbolType } from "recharts";

/** Node points are circles; each group's centroid gets its own larger shape, so it reads even where colours are close. */
// Only solid shapes: the thin "cross" and "wye" vanish among the points.
const CENTROID_SYMBOLS: readonly SymbolType[] = ["diamond", "square", "triangle", "star"];

export function centroidSymbol(groupId: number): SymbolType {
  const size = CENTROID_SYMBOLS.length;
  return CENTROID_SYMBOLS[((Math.trunc(groupId) % size) + size) % size];
}
