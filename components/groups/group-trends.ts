import type { GroupingHistory } from "@/lib/protocol/api/groups";

/**
 * Each group's size over the recorded runs, oldest first, with 0 for runs in which the group
 * did not exist, so a new group's line starts at the bottom instead of in mid-air.
 */
export function groupSizeTrends(history: GroupingHistory | null): Map<number, number[]> {
  const trends = new Map<number, number[]>();
  if (!history) return trends;
  const oldestFirst = [...history.items].reverse();
  oldestFirst.forEach((run, runIndex) => {
    for (const group of run.groups) {
      let sizes = trends.get(group.id);
      if (!sizes) {
        sizes = new Array<number>(oldestFirst.length).fill(0);
        trends.set(group.id, sizes);
      }
      sizes[runIndex] = group.size;
    }
  });
  return trends;
}

/** The name each group id had most recently, so events about since-retired groups still read well. */
export function latestGroupNames(history: GroupingHistory | null): Map<number, string> {
  const names = new Map<number, string>();
  if (!history) return names;
  for (const run of history.items) {
    for (const group of run.groups) if (!names.has(group.id)) names.set(group.id, group.name);
  }
  return names;
}
