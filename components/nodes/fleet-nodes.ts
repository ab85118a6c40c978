import type { NodeState } from "@/lib/protocol/common";
import type { NodeView } from "@/lib/protocol/views";
import { nodeHealth } from "@/lib/recovery/service-verdict";
import { emptyStateCounts, healthSeverity } from "./state-colors";

/**
 * Live deltas go into one mutable map, applied as they arrive (a few thousand `set`s); the
 * table reads an array copied from it at most a few times a second. Copying a 10,000-entry map
 * per delta, as an immutable update would, is what the page cannot afford.
 */
export function mergeInto(known: Map<string, NodeView>, changed: readonly NodeView[]): void {
  for (const node of changed) known.set(node.id, node);
}

/** Recent CPU fractions per node, oldest first, for sparklines. */
export type CpuHistory = Map<string, { lastSampleAt: number | null; values: number[] }>;

/**
 * Appends each node's latest CPU value once per heartbeat. Mutates `history` in place:
 * at 5,000 nodes and two deltas a second, copying every array would dominate the frame.
 * Returns how many values were appended.
 */
export function appendCpuHistory(history: CpuHistory, nodes: readonly NodeView[], maxValues: number): number {
  let appended = 0;
  for (const node of nodes) {
    const cpu = node.metrics?.cpu;
    if (cpu === null || cpu === undefined) continue;
    const entry = history.get(node.id);
    if (!entry) {
      history.set(node.id, { lastSampleAt: node.lastHeartbeatAt, values: [cpu] });
      appended += 1;
      continue;
    }
    // A node re-sent because its state or phi changed carries the same sample; don't count it twice.
    if (node.lastHeartbeatAt !== null && entry.lastSampleAt === node.lastHeartbeatAt) continue;
    entry.lastSampleAt = node.lastHeartbeatAt;
    entry.values.push(cpu);
    if (entry.values.length > maxValues) entry.values.splice(0, entry.values.length - maxValues);
    appended += 1;
  }
  return appended;
}

export type NodeFilter = {
  states: ReadonlySet<NodeState>;
  zone: string | null;
  query: string;
};

/**
 * The text a search looks in (id, host, address, group, zone, `key=value` labels), lower-cased,
 * one field a line so a query never matches across two. Kept per node object: a delta replaces
 * the objects of the nodes it changed, so the rest of 10,000 are not rebuilt on every keystroke.
 */
const searchTexts = new WeakMap<NodeView, string>();

function searchText(node: NodeView): string {
  let text = searchTexts.get(node);
  if (text === undefined) {
    const fields = [node.id, node.hostname, node.address ?? "", node.group ?? "", node.zone ?? ""];
    for (const [key, value] of Object.entries(node.labels)) fields.push(`${key}=${value}`);
    text = fields.join("\n").toLowerCase();
    searchTexts.set(node, text);
  }
  return text;
}

export function matchesNodeFilter(node: NodeView, filter: NodeFilter): boolean {
  return filterNodes([node], filter).length === 1;
}

/** The nodes that pass the filter, in their order; the query is prepared once for all of them. */
export function filterNodes(nodes: readonly NodeView[], filter: NodeFilter): NodeView[] {
  const query = filter.query.trim().toLowerCase();
  const states = filter.states.size > 0 ? filter.states : null;
  const zone = filter.zone;
  if (!query && !states && zone === null) return [...nodes];
  const kept: NodeView[] = [];
  for (const node of nodes) {
    if (states && !states.has(node.state)) continue;
    if (zone !== null && node.zone !== zone) continue;
    if (query && !searchText(node).includes(query)) continue;
    kept.push(node);
  }
  return kept;
}

export const NODE_SORT_KEYS = [
  "state",
  "id",
  "hostname",
  "zone",
  "group",
  "role",
  "phi",
  "lastHeartbeatAt",
  "cpu",
  "mem",
  "errorRate",
  "latencyMs",
] as const;
export type NodeSortKey = (typeof NODE_SORT_KEYS)[number];
export type SortDirection = "asc" | "desc";
export type NodeSort = { key: NodeSortKey; direction: SortDirection };

type SortValue = string | number | null;

/** Digit runs are compared as numbers by padding them this wide ("n2" before "n10"). */
const NUMBER_WIDTH = 12;
const naturalKeys = new Map<string, string>();
/** Ids and hostnames of a fleet, with room to spare; past this the cache starts over rather than grow without bound. */
const NATURAL_KEY_CACHE_LIMIT = 100_000;

/**
 * A key that orders with plain `<` as a numeric, case-insensitive collation would ("sim-2" before
 * "sim-10", "B" next to "b"). Comparing 10,000 of these is a few milliseconds; Intl.Collator made
 * every sort of the nodes table a long task.
 */
export function naturalKey(text: string): string {
  let key = naturalKeys.get(text);
  if (key === undefined) {
    key = text.toLowerCase().replace(/\d+/g, (digits) => (digits.length >= NUMBER_WIDTH ? digits : digits.padStart(NUMBER_WIDTH, "0")));
    if (naturalKeys.size >= NATURAL_KEY_CACHE_LIMIT) naturalKeys.clear();
    naturalKeys.set(text, key);
  }
  return key;
}

function nullableKey(text: string | null): string | null {
  return text === null ? null : naturalKey(text);
}

function sortValue(node: NodeView, key: NodeSortKey): SortValue {
  switch (key) {
    case "state":
      // A healthy agent whose service is down sorts with the troubled nodes, not with the green ones.
      return healthSeverity(nodeHealth(node));
    case "id":
      return naturalKey(node.id);
    case "hostname":
      return naturalKey(node.hostname);
    case "zone":
      return nullableKey(node.zone);
    case "group":
      return nullableKey(node.group);
    case "role":
      return nullableKey(node.role);
    case "phi":
      return node.phi;
    case "lastHeartbeatAt":
      return node.lastHeartbeatAt;
    case "cpu":
      return node.metrics?.cpu ?? null;
    case "mem":
      return node.metrics?.mem ?? null;
    case "errorRate":
      return node.metrics?.errorRate ?? null;
    case "latencyMs":
      return node.metrics?.latencyMs ?? null;
  }
}

/**
 * Sorts a copy. Missing values always go last whatever the direction, and ties fall back
 * to the id so rows don't shuffle between live updates. Keys are computed once per node, not
 * once per comparison.
 */
export function sortNodes(nodes: readonly NodeView[], sort: NodeSort): NodeView[] {
  const sign = sort.direction === "asc" ? 1 : -1;
  const values = nodes.map((node) => sortValue(node, sort.key));
  const ids = nodes.map((node) => naturalKey(node.id));
  const order = nodes.map((_, index) => index);
  order.sort((a, b) => {
    const left = values[a];
    const right = values[b];
    if (left !== right) {
      if (left === null) return 1;
      if (right === null) return -1;
      if (left < right) return -sign;
      if (left > right) return sign;
    }
    return ids[a] < ids[b] ? -1 : ids[a] > ids[b] ? 1 : 0;
  });
  return order.map((index) => nodes[index]);
}

export function countStates(nodes: Iterable<NodeView>): Record<NodeState, number> {
  const counts = emptyStateCounts();
  for (const node of nodes) counts[node.state] += 1;
  return counts;
}

/** Nodes the detector counts healthy whose service is degraded or down (lib/recovery/service-verdict.ts). */
export function countServiceProblems(nodes: Iterable<NodeView>): number {
  let count = 0;
  for (const node of nodes) {
    const health = nodeHealth(node);
    if (health === "degraded" || health === "service_down") count += 1;
  }
  return count;
}

const collator = new Intl.Collator("en", { numeric: true, sensitivity: "base" });

export function distinctZones(nodes: Iterable<NodeView>): string[] {
  const zones = new Set<string>();
  for (const node of nodes) if (node.zone) zones.add(node.zone);
  return [...zones].sort(collator.compare);
}

function freshness(node: NodeView): number {
  return Math.max(node.lastHeartbeatAt ?? 0, node.stateSince);
}

/**
 * Combines a full snapshot from REST with what live deltas already delivered, in place: per
 * node, whichever copy saw the later heartbeat or state change wins (the snapshot on a tie), so
 * a slow snapshot can't roll back a delta that overtook it.
 */
export function reconcileInto(known: Map<string, NodeView>, snapshot: readonly NodeView[]): void {
  for (const node of snapshot) {
    const live = known.get(node.id);
    if (!live || freshness(live) <= freshness(node)) known.set(node.id, node);
  }
}
