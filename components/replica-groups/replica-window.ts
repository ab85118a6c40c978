/**
 * The replica groups page scrolls through every group but fetches only the pages of the list in
 * view (the server orders them: troubled first, worst first, then by name). These helpers map the
 * rows a virtual list shows to those pages, and a group to its one-line summary.
 */

import { severityStyle, worstSeverity } from "@/components/incidents/incident-severity";
import type { IncidentSeverity } from "@/lib/protocol/api/incidents";

/** Pages (of `pageSize` rows) holding rows first..last inclusive; empty when the range is. */
export function pagesCovering(first: number, last: number, pageSize: number): number[] {
  if (last < first || last < 0 || pageSize <= 0) return [];
  const pages: number[] = [];
  for (let page = Math.floor(Math.max(0, first) / pageSize); page <= Math.floor(last / pageSize); page++) pages.push(page);
  return pages;
}

/** Row `index` of the whole list, when the page holding it has been fetched. */
export function rowAt<T>(pages: ReadonlyMap<number, readonly T[]>, index: number, pageSize: number): T | undefined {
  return pages.get(Math.floor(index / pageSize))?.[index % pageSize];
}

type HeadlineGroup = {
  problems: readonly { severity: string; message: string }[];
  incidents: readonly { severity: string; message: string }[];
};

/** What a collapsed row says about a group: its worst problem (or open incident), and how many more there are. */
export type GroupHeadline = { severity: IncidentSeverity; message: string; more: number } | null;

export function groupHeadline(group: HeadlineGroup): GroupHeadline {
  const items = [...group.problems, ...group.incidents];
  const severity = worstSeverity(items);
  if (!severity) return null;
  // Problems before incidents of the same severity: the problem says what is wrong now, the incident only tracks it.
  const worst = items.reduce((best, item) => (severityStyle(item.severity).rank > severityStyle(best.severity).rank ? item : best));
  const distinct = group.problems.length > 0 ? group.problems.length : group.incidents.length;
  return { severity, message: worst.message, more: Math.max(0, distinct - 1) };
}
