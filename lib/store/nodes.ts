import "server-only";
import { z } from "zod";
import type { Prisma } from "../generated/prisma/client";
import type { NodeEventView, NodeView } from "../protocol/views";
import { textContains, type Db } from "./prisma";
import { AppError } from "../errors";
import { nodeStateSchema } from "../protocol/common";
import { nodeEventRowToView } from "./events";
import { nodeRowToView } from "./node-rows";

export const nodeListQuerySchema = z.object({
  state: nodeStateSchema.optional(),
  zone: z.string().max(64).optional(),
  group: z.string().max(128).optional(),
  q: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(10_000).default(1000),
  cursor: z.string().max(200).optional(),
});
export type NodeListQuery = z.infer<typeof nodeListQuerySchema>;

export async function listNodes(db: Db, query: NodeListQuery): Promise<{ items: NodeView[]; nextCursor: string | null; total: number }> {
  const search = query.q ? textContains(db, query.q) : null;
  const where: Prisma.NodeWhereInput = {
    ...(query.state ? { state: query.state } : {}),
    ...(query.zone ? { zone: query.zone } : {}),
    ...(query.group ? { group: query.group } : {}),
    ...(search ? { OR: [{ id: search }, { hostname: search }] } : {}),
  };
  const [rows, total] = await Promise.all([
    db.node.findMany({
      where: query.cursor ? { AND: [where, { id: { gt: query.cursor } }] } : where,
      orderBy: { id: "asc" },
      take: query.limit + 1,
    }),
    db.node.count({ where }),
  ]);
  const page = rows.slice(0, query.limit);
  return { items: page.map(nodeRowToView), nextCursor: rows.length > query.limit ? page[page.length - 1].id : null, total };
}

export async function getNode(db: Db, id: string): Promise<{ node: NodeView; events: NodeEventView[] }> {
  const row = await db.node.findUnique({ where: { id } });
  if (!row) throw new AppError("not_found", `no node ${id}`);
  const events = await db.nodeEvent.findMany({ where: { nodeId: id }, orderBy: { at: "desc" }, take: 50 });
  return { node: nodeRowToView(row), events: events.map(nodeEventRowToView) };
}

export async function loadAllNodes(db: Db): Promise<NodeView[]> {
  const rows = await db.node.findMany();
  return rows.map(nodeRowToView);
}
