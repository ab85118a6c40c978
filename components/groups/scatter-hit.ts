/**
 * Which drawn point is under the pointer, among ten thousand: points are bucketed by pixel cell
 * once per drawing, and a lookup reads only the cells around the pointer.
 */
export type HitIndex = {
  /** Index of the nearest point within `radius` pixels of (x, y), or -1. Later points win ties (they are drawn on top). */
  nearest: (x: number, y: number, radius: number) => number;
};

export function buildHitIndex(xs: ArrayLike<number>, ys: ArrayLike<number>, cellSize: number): HitIndex {
  const cells = new Map<number, number[]>();
  // Cells keyed by one number: column and row packed (a canvas is far narrower than 2^16 cells).
  const key = (column: number, row: number) => column * 65_536 + row;
  for (let index = 0; index < xs.length; index++) {
    const x = xs[index];
    const y = ys[index];
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    const cell = key(Math.floor(x / cellSize), Math.floor(y / cellSize));
    const members = cells.get(cell);
    if (members) members.push(index);
    else cells.set(cell, [index]);
  }
  return {
    nearest(x, y, radius) {
      let best = -1;
      let bestDistance = radius * radius;
      const reach = Math.ceil(radius / cellSize);
      const column = Math.floor(x / cellSize);
      const row = Math.floor(y / cellSize);
      for (let dc = -reach; dc <= reach; dc++) {
        for (let dr = -reach; dr <= reach; dr++) {
          const members = cells.get(key(column + dc, row + dr));
          if (!members) continue;
          for (const index of members) {
            const distance = (xs[index] - x) ** 2 + (ys[index] - y) ** 2;
            if (distance < bestDistance || (distance === bestDistance && index > best)) {
              best = index;
              bestDistance = distance;
            }
          }
        }
      }
      return best;
    },
  };
}
