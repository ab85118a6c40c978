import "server-only";
import type { Node } from "../generated/prisma/client";
import type { NodeView } from "../protocol/views";
import { nodeStateSchema, replicaRoleSchema } from "../protocol/common";

function num(value: bigint | number | null): number | null {
  return value === null ? null : Number(value);
}

function parseJsonRecord<T>(text: string | null): Record<string, T> | null {
  if (!text) return null;
  try {
    return JSON.parse(text) as Record<string, T>;
  } catch {
    return null;
  }
}

export function nodeRowToView(row: Node): NodeView {
  const role = replicaRoleSchema.safeParse(row.role);
  const repRole = replicaRoleSchema.safeParse(row.repRole);
  return {
    id: row.id,
    hostname: row.hostname,
    address: row.address,
    zone: row.zone,
    group: row.group,
    role: role.success ? role.data : null,
    labels: parseJsonRecord<string>(row.labels) ?? {},
    weight: row.weight,
    agentVersion: row.agentVersion,
    state: nodeStateSchema.catch("unknown").parse(row.state),
    stateReason: row.stateReason,
    stateSince: Number(row.stateSince),
    phi: row.phi,
    connected: row.connected,
    firstSeenAt: Number(row.firstSeenAt),
    lastHeartbeatAt: num(row.lastHeartbeatAt),
    metrics:
      row.cpu === null
        ? null
        : {
            cpu: row.cpu,
            mem: row.mem,
            disk: row.disk,
            netIn: row.netIn,
            netOut: row.netOut,
            load1: row.load1,
            latencyMs: row.latencyMs,
            errorRate: row.errorRate,
            custom: parseJsonRecord<number>(row.custom),
          },
    replication: repRole.success
      ? {
          role: repRole.data,
          offset: num(row.repOffset) ?? 0,
          lagMs: row.repLagMs ?? 0,
          linkUp: row.repLinkUp ?? false,
          following: row.repFollowing,
        }
      : null,
    placementEpoch: row.placementEpoch,
  };
}
