import type { NodeEvent } from "../generated/prisma/client";
import type { NodeEventView } from "../protocol/views";
import type { Db } from "./prisma";
import { nodeStateSchema } from "../protocol/common";

export function nodeEventRowToView(row: NodeEvent): NodeEventView {
  const state = nodeStateSchema.catch("unknown");
  return { id: row.id, nodeId: row.nodeId, at: Number(row.at), from: state.parse(row.from), to: state.parse(row.to), reason: row.reason, phi: row.phi };
}

export type NewNodeEvent = Omit<NodeEventView, "id">;

/** Stores state changes and returns them with their ids, so live pushes and later reads agree. */
export async function insertNodeEvents(db: Db, events: NewNodeEvent[]): Promise<NodeEventView[]> {
  if (events.length === 0) return [];
  const rows = await db.nodeEvent.createManyAndReturn({ data: events.map((event) => ({ ...event, at: BigInt(event.at) })) });
  return rows.map(nodeEventRowToView);
}

export async function recentNodeEvents(db: Db, limit: number, nodeId?: string): Promise<NodeEventView[]> {
  const rows = await db.nodeEvent.findMany({ where: nodeId ? { nodeId } : {}, orderBy: { id: "desc" }, take: limit });
  return rows.map(nodeEventRowToView);
}
