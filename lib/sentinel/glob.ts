/**
 * Redis' glob (PSUBSCRIBE patterns, like its stringmatchlen): `*`, `?`, `[abc]`, `[^a]`, `[a-z]`
 * and `\x`. Iterative with backtracking to the last `*` only, so a pattern of many stars cannot
 * make a match take exponential time.
 */
export function globMatch(pattern: string, text: string): boolean {
  let p = 0;
  let t = 0;
  let starP = -1;
  let starT = 0;
  while (t < text.length) {
    if (p < pattern.length) {
      const c = pattern[p];
      if (c === "*") {
        starP = p++;
        starT = t;
        continue;
      }
      if (c === "?") {
        p++;
        t++;
        continue;
      }
      if (c === "[") {
        const matched = matchClass(pattern, p, text[t]);
        if (matched.ok) {
          p = matched.next;
          t++;
          continue;
        }
      } else {
        const literal = c === "\\" && p + 1 < pattern.length ? pattern[p + 1] : c;
        if (literal === text[t]) {
          p += c === "\\" && p + 1 < pattern.length ? 2 : 1;
          t++;
          continue;
        }
      }
    }
    if (starP < 0) return false;
    p = starP + 1;
    t = ++starT;
  }
  while (p < pattern.length && pattern[p] === "*") p++;
  return p === pattern.length;
}

/** `[...]` at `start`: whether `ch` is in it, and where the pattern continues after the `]`. */
function matchClass(pattern: string, start: number, ch: string): { ok: boolean; next: number } {
  let p = start + 1;
  const negate = pattern[p] === "^";
  if (negate) p++;
  let found = false;
  while (p < pattern.length && pattern[p] !== "]") {
    if (pattern[p] === "\\" && p + 1 < pattern.length) {
      if (pattern[p + 1] === ch) found = true;
      p += 2;
    } else if (pattern[p + 1] === "-" && p + 2 < pattern.length && pattern[p + 2] !== "]") {
      let low = pattern[p];
      let high = pattern[p + 2];
      if (low > high) [low, high] = [high, low];
      if (ch >= low && ch <= high) found = true;
      p += 3;
    } else {
      if (pattern[p] === ch) found = true;
      p++;
    }
  }
  // An unclosed class ends at the pattern's end, as in Redis.
  const next = p < pattern.length ? p + 1 : p;
  return { ok: negate ? !found : found, next };
}
