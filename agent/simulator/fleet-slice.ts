import { GROUP_SIZE } from "./fleet-layout";

/**
 * How a simulated fleet is shared out over processes. One Node process drives a few thousand
 * sockets before its own event loop makes heartbeats late; beyond that the simulator would be
 * the bottleneck of the very measurement it serves, so it forks.
 */

/** Up to this many nodes one process keeps up with ease, and stays simplest to debug. */
export const SINGLE_PROCESS_MAX_NODES = 1_000;
/** What one simulator process is asked to hold at most when the count is chosen for you. */
export const NODES_PER_PROCESS = 2_500;

/**
 * More processes than cores only helps while each one waits on the network; twice the cores is
 * where adding more stops buying punctuality and starts costing memory (a Node process each).
 */
export function maxProcessCount(cores: number): number {
  return Math.max(2, cores * 2);
}

/** The process count `--processes` defaults to. */
export function defaultProcessCount(nodes: number, cores: number): number {
  if (nodes <= SINGLE_PROCESS_MAX_NODES) return 1;
  return Math.min(maxProcessCount(cores), Math.max(2, Math.ceil(nodes / NODES_PER_PROCESS)));
}

/** Node indexes [start, end) of the fleet's global layout that one process simulates. */
export type FleetSlice = { index: number; count: number; start: number; end: number };

/**
 * Splits `nodes` into `processes` contiguous slices of whole replica groups, as even as whole
 * groups allow. A group never spans two processes: replicas read their primary's offset and
 * reachability in memory, and a failover re-points replicas within their group.
 * Asking for more processes than there are groups gives one slice per group.
 */
export function fleetSlices(nodes: number, processes: number): FleetSlice[] {
  const groups = Math.ceil(nodes / GROUP_SIZE);
  const count = Math.max(1, Math.min(Math.floor(processes), groups));
  return Array.from({ length: count }, (_, index) => {
    const firstGroup = Math.floor((index * groups) / count);
    const endGroup = Math.floor(((index + 1) * groups) / count);
    return { index, count, start: firstGroup * GROUP_SIZE, end: Math.min(nodes, endGroup * GROUP_SIZE) };
  });
}
