/**
 * Whether `nodeId` matches an enrollment token's glob: `*` is any run of characters, `?` one,
 * everything else itself. Linear backtracking over the last `*` only (no regular expression),
 * so an operator's pattern cannot make a handshake slow.
 */
export function matchesNodeGlob(glob: string, nodeId: string): boolean {
  let g = 0;
  let n = 0;
  let star = -1;
  let resume = 0;
  while (n < nodeId.length) {
    if (g < glob.length && (glob[g] === "?" || glob[g] === nodeId[n])) {
      g++;
      n++;
    } else if (g < glob.length && glob[g] === "*") {
      star = g++;
      resume = n;
    } else if (star !== -1) {
      g = star + 1;
      n = ++resume;
    } else {
      return false;
    }
  }
  while (g < glob.length && glob[g] === "*") g++;
  return g === glob.length;
}
