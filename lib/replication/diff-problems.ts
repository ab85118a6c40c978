/**
 * Compares the problem keys open after the previous call with the problems found now, so the
 * caller can open and resolve incidents idempotently. Duplicate keys count once.
 */
export function diffProblems<P extends { key: string }>(
  previousKeys: Iterable<string>,
  current: readonly P[],
): { opened: P[]; stillOpen: P[]; resolved: string[] } {
  const before = new Set(previousKeys);
  const seen = new Set<string>();
  const opened: P[] = [];
  const stillOpen: P[] = [];
  for (const problem of current) {
    if (seen.has(problem.key)) continue;
    seen.add(problem.key);
    (before.has(problem.key) ? stillOpen : opened).push(problem);
  }
  const resolved = [...before].filter((key) => !seen.has(key));
  return { opened, stillOpen, resolved };
}
