import type { NodeState, ReplicaRole } from "../protocol/common";
import type { NodeView, ReplicationView } from "../protocol/views";

/** Test fixtures: NodeViews shaped like what the simulator's agents produce. */

export const T0 = 1_750_000_000_000;

export type NodeFixtureOptions = {
  zone?: string | null;
  group?: string | null;
  /** Declared in hello. */
  role?: ReplicaRole | null;
  state?: NodeState;
  connected?: boolean;
  /** The latest heartbeat's replication report; null for a node that sends none. */
  replication?: ReplicationView | null;
};

export function fleetNode(id: string, options: NodeFixtureOptions = {}): NodeView {
  const state = options.state ?? "healthy";
  return {
    id,
    hostname: `${id}.sim.local`,
    address: "10.0.0.1:7000",
    zone: options.zone === undefined ? "zone-a" : options.zone,
    group: options.group ?? null,
    role: options.role ?? null,
    labels: { simulated: "true" },
    weight: 1,
    agentVersion: "0.1.0",
    state,
    stateReason: state === "healthy" ? null : `fixture: ${state}`,
    stateSince: T0 - 60_000,
    phi: state === "healthy" ? 0.2 : 9,
    connected: options.connected ?? state !== "down",
    firstSeenAt: T0 - 3_600_000,
    lastHeartbeatAt: T0 - 1_000,
    metrics: { cpu: 0.3, mem: 0.5, disk: 0.4, netIn: 2e6, netOut: 2e6, load1: 1.2, latencyMs: 4, errorRate: 0, custom: null },
    replication: options.replication === undefined ? null : options.replication,
    placementEpoch: null,
  };
}

export function primaryNode(id: string, group: string, zone: string, overrides: NodeFixtureOptions = {}): NodeView {
  return fleetNode(id, {
    group,
    zone,
    role: "primary",
    replication: { role: "primary", offset: 5_000_000, lagMs: 0, linkUp: true, following: null, address: dataAddress(id) },
    ...overrides,
  });
}

/** The data store address a fixture node reports (its agent's announce address). */
export function dataAddress(id: string): string {
  return `${id}.sim.local:6379`;
}

export type ReplicaReport = Partial<ReplicationView>;

export function replicaNode(
  id: string,
  group: string,
  zone: string,
  following: string | null,
  report: ReplicaReport = {},
  overrides: NodeFixtureOptions = {},
): NodeView {
  return fleetNode(id, {
    group,
    zone,
    role: "replica",
    replication: { role: "replica", offset: 4_990_000, lagMs: 8, linkUp: true, following, address: dataAddress(id), ...report },
    ...overrides,
  });
}

/** A healthy group of three like the simulator lays out: primary in zone a, replicas in b and c. */
export function healthyGroup(group = "shard-01", ids: [string, string, string] = ["sim-a-001", "sim-b-002", "sim-c-003"]): NodeView[] {
  const [primary, first, second] = ids;
  return [
    primaryNode(primary, group, "zone-a"),
    replicaNode(first, group, "zone-b", primary, { offset: 4_990_000, lagMs: 8 }),
    replicaNode(second, group, "zone-c", primary, { offset: 4_980_000, lagMs: 14 }),
  ];
}

/** Replaces the node with `id` by `change(node)`; fails loudly on a typo'd id. */
export function withNode(nodes: readonly NodeView[], id: string, change: (node: NodeView) => NodeView): NodeView[] {
  if (!nodes.some((node) => node.id === id)) throw new Error(`fixture has no node ${id}`);
  return nodes.map((node) => (node.id === id ? change(node) : node));
}

/** The node now reports `role` (a promotion or a step-down), following `following`. */
export function reportsRole(role: ReplicaRole, following: string | null = null): (node: NodeView) => NodeView {
  return (node) => ({
    ...node,
    replication: { role, offset: node.replication?.offset ?? 0, lagMs: role === "primary" ? 0 : 10, linkUp: true, following, address: node.replication?.address ?? dataAddress(node.id) },
  });
}

export function inState(state: NodeState, connected = state !== "down"): (node: NodeView) => NodeView {
  return (node) => ({ ...node, state, connected });
}
