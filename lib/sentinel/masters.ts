import type { NodeView } from "../protocol/views";
import type { ReplicaGroupStatus } from "../replication";

/** A data store's address as Sentinel replies carry it: `ip` and `port` apart. */
export type HostPort = { host: string; port: number };

export type SentinelReplica = HostPort & {
  nodeId: string;
  /** Its agent is not heard (down or unknown): Sentinel's `s_down`. */
  down: boolean;
  linkUp: boolean | null;
  offset: number | null;
  lastHeartbeatAt: number | null;
};

/** One replica group as a Sentinel "master": only groups whose primary's data address is known. */
export type SentinelMaster = HostPort & {
  /** The replica group id: what applications pass as the master name. */
  name: string;
  nodeId: string;
  epoch: number;
  down: boolean;
  lastHeartbeatAt: number | null;
  primarySince: number | null;
  replicas: SentinelReplica[];
};

/** What every command reads: the masters by name, in the groups' order. */
export type SentinelView = ReadonlyMap<string, SentinelMaster>;

/** "host:port" (IPv6 in brackets, as the agent protocol writes it) into its parts; null when malformed. */
export function parseHostPort(address: string | null | undefined): HostPort | null {
  if (!address) return null;
  const match = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(address);
  if (!match) return null;
  const port = Number(match[3]);
  if (port < 1 || port > 65535) return null;
  return { host: match[1] ?? match[2], port };
}

export function sameAddress(a: HostPort | null, b: HostPort | null): boolean {
  return a?.host === b?.host && a?.port === b?.port;
}

const isDown = (state: NodeView["state"]) => state === "down" || state === "unknown";

/**
 * The replica groups as Sentinel masters. A group counts when one of its members is a data store
 * (declares or reports a replication role) and its recognised primary reports the address its
 * peers reach it at; the primary stays the answer while it is down, as Sentinel keeps answering
 * the old master until a failover elects another. Replicas without an address are left out: a
 * client could not connect to them.
 */
export function sentinelView(groups: readonly ReplicaGroupStatus[], nodes: readonly NodeView[]): Map<string, SentinelMaster> {
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const masters = new Map<string, SentinelMaster>();
  for (const group of groups) {
    if (group.primaryId === null || !group.members.some((member) => member.role !== null)) continue;
    const primaryNode = byId.get(group.primaryId);
    const primaryAddress = parseHostPort(primaryNode?.replication?.address);
    if (!primaryNode || !primaryAddress) continue;
    const replicas: SentinelReplica[] = [];
    for (const member of group.members) {
      if (member.isRecognisedPrimary || member.role !== "replica") continue;
      const address = parseHostPort(byId.get(member.nodeId)?.replication?.address);
      if (!address) continue;
      replicas.push({ ...address, nodeId: member.nodeId, down: isDown(member.state), linkUp: member.linkUp, offset: member.offset, lastHeartbeatAt: member.lastHeartbeatAt });
    }
    masters.set(group.id, {
      ...primaryAddress,
      name: group.id,
      nodeId: group.primaryId,
      epoch: group.epoch,
      down: isDown(primaryNode.state),
      lastHeartbeatAt: primaryNode.lastHeartbeatAt,
      primarySince: group.primarySince,
      replicas,
    });
  }
  return masters;
}

/**
 * A switch Vigil committed but its live view does not show yet (the new primary's heartbeat that
 * reports the role is still on its way): the master answers with the new address meanwhile.
 */
export type PendingSwitch = {
  to: HostPort;
  /** The live view's answer when the switch was announced: once the live view moves off it, the live view is right. */
  was: HostPort | null;
  nodeId: string | null;
  at: number;
};

export function applyPendingSwitches(view: SentinelView, pending: ReadonlyMap<string, PendingSwitch>): Map<string, SentinelMaster> {
  const result = new Map(view);
  for (const [name, switched] of pending) {
    const master = view.get(name);
    if (master && sameAddress(master, switched.to)) continue;
    const replicas = (master?.replicas ?? []).filter((replica) => !sameAddress(replica, switched.to));
    result.set(name, {
      name,
      ...switched.to,
      nodeId: switched.nodeId ?? master?.nodeId ?? "",
      epoch: (master?.epoch ?? 0) + 1,
      down: false,
      lastHeartbeatAt: null,
      primarySince: switched.at,
      replicas,
    });
  }
  return result;
}

/** `+switch-master`'s payload: `<name> <old-ip> <old-port> <new-ip> <new-port>`. */
export function switchMessage(name: string, from: HostPort, to: HostPort): string {
  return `${name} ${from.host} ${from.port} ${to.host} ${to.port}`;
}

/** Masters whose address moved between two views: one `+switch-master` each. Groups that appear or vanish are not switches. */
export function switchedMasters(before: SentinelView, after: SentinelView): { name: string; from: HostPort; to: HostPort }[] {
  const switches: { name: string; from: HostPort; to: HostPort }[] = [];
  for (const [name, master] of after) {
    const previous = before.get(name);
    if (!previous || sameAddress(previous, master)) continue;
    switches.push({ name, from: { host: previous.host, port: previous.port }, to: { host: master.host, port: master.port } });
  }
  return switches;
}
