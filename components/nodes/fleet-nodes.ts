import type { NodeState } from "@/lib/protocol/common";
import type { NodeView } from "@/lib/protocol/views";
import { emptyStateCounts, stateSeverity } from "./state-colors";

/**
 * Merges changed nodes into the known set by id. Returns the same map when nothing changed,
 * so React can skip the re-render; otherwise a new map (the old one is left untouched).
 */
export function mergeNodes(current: ReadonlyMap<string, NodeView>, changed: readonly NodeView[]): ReadonlyMap<string, NodeView> {
  if (changed.length === 0) return current;
  const next = new Map(current);
  for (const node of changed) next.set(node.id, node);
  return next;
}

export function nodesById(nodes: readonly NodeView[]): Map<string, NodeView> {
  return new Map(nodes.map((node) => [node.id, node]));
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

export function matchesNodeFilter(node: NodeView, filter: NodeFilter): boolean {
  if (filter.states.size > 0 && !filter.states.has(node.state)) return false;
  if (filter.zone !== null && node.zone !== filter.zone) return false;
  const query = filter.query.trim().toLowerCase();
  if (!query) return true;
  return (
    node.id.toLowerCase().includes(query) ||
    node.hostname.toLowerCase().includes(query) ||
    (node.address?.toLowerCase().includes(query) ?? false) ||
    (node.group?.toLowerCase().includes(query) ?? false) ||
    (node.zone?.toLowerCase().includes(query) ?? false) ||
    Object.entries(node.labels).some(([key, value]) => `${key}=${value}`.toLowerCase().includes(query))
  );
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
] as const;
export type NodeSortKey = (typeof NODE_SORT_KEYS)[number];
export type SortDirection = "asc" | "desc";
export type NodeSort = { key: NodeSortKey; direction: SortDirection };

type SortValue = string | number | null;

function sortValue(node: NodeView, key: NodeSortKey): SortValue {
  switch (key) {
    case "state":
      return stateSeverity(node.state);
    case "id":
      return node.id;
    case "hostname":
      return node.hostname;
    case "zone":
      return node.zone;
    case "group":
      return node.group;
    case "role":
      return node.role;
    case "phi":
      return node.phi;
    case "lastHeartbeatAt":
      return node.lastHeartbeatAt;
    case "cpu":
      return node.metrics?.cpu ?? null;
    case "mem":
      return node.metrics?.mem ?? null;
  }
}

const collator = new Intl.Collator("en", { numeric: true, sensitivity: "base" });

function compareValues(left: SortValue, right: SortValue): number {
  if (typeof left === "number" && typeof right === "number") return left - right;
  return collator.compare(String(left), String(right));
}

/**
 * Sorts a copy. Missing values always go last whatever the direction, and ties fall back
 * to the id so rows don't shuffle between live updates.
 */
export function sortNodes(nodes: readonly NodeView[], sort: NodeSort): NodeView[] {
  const sign = sort.direction === "asc" ? 1 : -1;
  return [...nodes].sort((a, b) => {
    const left = sortValue(a, sort.key);
    const right = sortValue(b, sort.key);
    if (left === null && right !== null) return 1;
    if (right === null && left !== null) return -1;
    const order = left === null || right === null ? 0 : compareValues(left, right);
    return order !== 0 ? sign * order : collator.compare(a.id, b.id);
  });
}

export function countStates(nodes: Iterable<NodeView>): Record<NodeState, number> {
  const counts = emptyStateCounts();
  for (const node of nodes) counts[node.state] += 1;
  return counts;
}

export function distinctZones(nodes: Iterable<NodeView>): string[] {
  const zones = new Set<string>();
  for (const node of nodes) if (node.zone) zones.add(node.zone);
  return [...zones].sort(collator.compare);
}

function freshness(node: NodeView): number {
  return Math.max(node.lastHeartbeatAt ?? 0, node.stateSince);
}

/**
 * Combines a full snapshot from REST with what live deltas already delivered: per node,
 * whichever copy saw the later heartbeat or state change wins, so a slow snapshot can't roll back
 * a delta that overtook it.
 */
export function reconcileSnapshot(snapshot: readonly NodeView[], live: ReadonlyMap<string, NodeView>): Map<string, NodeView> {
  const merged = nodesById(snapshot);
  for (const [id, liveNode] of live) {
    const fromSnapshot = merged.get(id);
    if (!fromSnapshot || freshness(liveNode) > freshness(fromSnapshot)) merged.set(id, liveNode);
  }
  return merged;
}
