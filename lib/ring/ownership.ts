import type { Ring } from "./build";

/** Size of the hash space: hashes are 0 .. 2^32-1. */
export const KEYSPACE = 4_294_967_296;

/** A group's exact share of the keyspace. */
export type GroupOwnership = {
  id: string;
  weight: number;
  /** Tokens the group holds on the ring. */
  tokens: number;
  /** Number of hash values (of 2^32) the group owns; an exact integer. */
  keyspace: number;
  /** `keyspace / 2^32`, 0..1. */
  share: number;
};

/** A node's share, through the group it belongs to (every member of a group serves its keys). */
export type NodeOwnership = { nodeId: string; group: string; share: number };

/** How unevenly load is spread, after normalising each group's share by its weight. */
export type RingImbalance = {
  /** Largest normalised load over the mean (1 = perfectly even). */
  maxOverMean: number;
  /** Smallest normalised load over the mean. */
  minOverMean: number;
  /** Population standard deviation of the normalised loads over their mean (≈ 1/√vnodes). */
  stddevOverMean: number;
  mostLoaded: string;
  leastLoaded: string;
};

/**
 * Keyspace owned by token `i`, per owner index: token `i` owns the hashes in
 * `(tokens[i-1], tokens[i]]`, the first token also owns the wrap `(tokens[last], 2^32)`.
 */
export function keyspaceByGroupIndex(ring: Ring): Float64Array {
  const { tokens, owners } = ring;
  const owned = new Float64Array(ring.groups.length);
  const n = tokens.length;
  owned[owners[0]] += tokens[0] + KEYSPACE - tokens[n - 1];
  for (let i = 1; i < n; i++) owned[owners[i]] += tokens[i] - tokens[i - 1];
  return owned;
}

/** Exact keyspace ownership of every group, sorted by group id. Shares sum to 1. */
export function ownership(ring: Ring): GroupOwnership[] {
  const owned = keyspaceByGroupIndex(ring);
  return ring.groups.map((group, g) => ({ id: group.id, weight: group.weight, tokens: group.tokens, keyspace: owned[g], share: owned[g] / KEYSPACE }));
}

/** Per node through its group: the caller says which group each node is in. Unknown groups own 0. */
export function ownershipByNode(groups: readonly GroupOwnership[], nodes: readonly { nodeId: string; group: string }[]): NodeOwnership[] {
  const shareOf = new Map(groups.map((group) => [group.id, group.share]));
  return nodes.map((node) => ({ nodeId: node.nodeId, group: node.group, share: shareOf.get(node.group) ?? 0 }));
}

/**
 * Imbalance of an ownership table. Each group's load is normalised by its weight:
 * `share / (weight / totalWeight)`, 1 when a group owns exactly its weighted part.
 */
export function imbalance(groups: readonly GroupOwnership[]): RingImbalance {
  if (groups.length === 0) return { maxOverMean: 1, minOverMean: 1, stddevOverMean: 0, mostLoaded: "", leastLoaded: "" };
  const totalWeight = groups.reduce((sum, group) => sum + group.weight, 0);
  const loads = groups.map((group) => (group.share * totalWeight) / group.weight);
  const mean = loads.reduce((sum, load) => sum + load, 0) / loads.length;
  const variance = loads.reduce((sum, load) => sum + (load - mean) ** 2, 0) / loads.length;
  let most = 0;
  let least = 0;
  for (let i = 1; i < loads.length; i++) {
    if (loads[i] > loads[most]) most = i;
    if (loads[i] < loads[least]) least = i;
  }
  return {
    maxOverMean: loads[most] / mean,
    minOverMean: loads[least] / mean,
    stddevOverMean: Math.sqrt(variance) / mean,
    mostLoaded: groups[most].id,
    leastLoaded: groups[least].id,
  };
}
