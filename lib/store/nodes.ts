import "server-only";
import type { Prisma } from "../generated/prisma/client";
import type { NodeDetail, NodeList, NodeListQuery, NodeView } from "../protocol/api/nodes";
import { textContains, type Db } from "./prisma";
import { AppError } from "../errors";
import { nodeEventRowToView } from "./events";
import { nodeRowToView } from "./node-rows";
import { liveView } from "../fleet/live-view";
import { queryNodes } from "../fleet/node-query";


/**
 * Nodes as they are now. Where the runtime runs (the server), from its live fleet: the rows lag
 * memory by design (metric snapshots are written rarely) and reading 10,000 of them per request
 * would block the event loop. Elsewhere, from the database.
 */
export async function listNodes(db: Db, query: NodeListQuery): Promise<NodeList> {
  const live = liveView();
  if (live) return queryNodes(live.fleet.views(), query);
  const search = query.q ? textContains(db, query.q) : null;
  const where: Prisma.NodeWhereInput = {
    approval: "approved",
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
  const node = liveView()?.fleet.get(id) ?? (await storedNode(db, id));
  if (!node) throw new AppError("not_found", `no node ${id}`);
  const events = await db.nodeEvent.findMany({ where: { nodeId: id }, orderBy: { at: "desc" }, take: 50 });
  return { node, events: events.map(nodeEventRowToView) };
}

async function storedNode(db: Db, id: string): Promise<NodeView | null> {
  const row = await db.node.findUnique({ where: { id } });
  if (row?.approval === "decommissioned") throw new AppError("not_found", await decommissionedMessage(db, id));
  return row && row.approval === "approved" ? nodeRowToView(row) : null;
}

/** Whoever follows an old link (an incident, the audit log) learns what became of the node. */
async function decommissionedMessage(db: Db, id: string): Promise<string> {
  const audit = await db.auditLog.findFirst({ where: { action: "node.decommission", target: id }, orderBy: { at: "desc" } });
  const when = audit ? ` by ${audit.actor} on ${new Date(Number(audit.at)).toISOString()}${audit.detail ? ` (${audit.detail})` : ""}` : "";
  return `node ${id} was decommissioned${when}; its history stays until retention removes it, and an admin's credential reset lets it enrol again`;
}

/** Every node, live where the runtime runs (see listNodes). */
export async function currentNodeViews(db: Db): Promise<NodeView[]> {
  return liveView()?.fleet.views() ?? loadStoredNodes(db);
}

/** Every approved node as last stored: the runtime's seed at start (pending nodes count nowhere). */
export async function loadStoredNodes(db: Db): Promise<NodeView[]> {
  const rows = await db.node.findMany({ where: { approval: "approved" } });
  return rows.map(nodeRowToView);
}
