import "server-only";
import type { NodeEvent } from "../generated/prisma/client";
import type { NodeEventView } from "../protocol/views";
import type { Db } from "./prisma";
import { nodeStateSchema } from "../protocol/common";

export function nodeEventRowToView(row: NodeEvent): NodeEventView {
  const state = nodeStateSchema.catch("unknown");
  return { id: row.id, nodeId: row.nodeId, at: Number(row.at), from: state.parse(row.from), to: state.parse(row.to), reason: row.reason, phi: row.phi };
}

export type NewNodeEvent = Omit<NodeEventView, "id">;

export async function recentNodeEvents(db: Db, limit: number, nodeId?: string): Promise<NodeEventView[]> {
  const rows = await db.nodeEvent.findMany({ where: nodeId ? { nodeId } : {}, orderBy: { id: "desc" }, take: limit });
  return rows.map(nodeEventRowToView);
}
