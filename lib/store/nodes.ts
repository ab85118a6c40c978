import "server-only";
import type { Prisma } from "../generated/prisma/client";
import type { NodeDetail, NodeList, NodeListQuery, NodeView } from "../protocol/api/nodes";
import { textContains, type Db } from "./prisma";
import { AppError } from "../errors";
import { nodeEventRowToView } from "./events";
import { nodeRowToView } from "./node-rows";


export async function listNodes(db: Db, query: NodeListQuery): Promise<NodeList> {
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

export async function getNode(db: Db, id: string): Promise<NodeDetail> {
  const row = await db.node.findUnique({ where: { id } });
  if (!row) throw new AppError("not_found", `no node ${id}`);
  const events = await db.nodeEvent.findMany({ where: { nodeId: id }, orderBy: { at: "desc" }, take: 50 });
  return { node: nodeRowToView(row), events: events.map(nodeEventRowToView) };
}

export async function loadAllNodes(db: Db): Promise<NodeView[]> {
  const rows = await db.node.findMany();
  return rows.map(nodeRowToView);
}
