import "server-only";
import type { Page, PageEvent } from "../generated/prisma/client";
import type { PageDetail, PageEventView, PageList, PageQuery, PageStatusName, PageView } from "../protocol/api/pages";
import type { Tx } from "./prisma";
import { AppError } from "../errors";
import { pageSeverity } from "../paging/engine";
import { pageFromRow } from "./paging-round";

/**
 * A person's acts on pages (acknowledge, resolve) and what the API reads of them. The paging
 * engine (lib/control/paging.ts, lib/store/paging-round.ts) sees the new status on its next
 * round and tells the channels (`announced` lags `status` until it has); these functions only
 * change the row and its timeline. They take a transaction client so a link's one use, the act
 * and its audit entry commit together (lib/store/page-links.ts); a plain client works as well.
 */

/** How the act reached Vigil: a signed link, the dashboard, or the API with a token. */
export type PageActVia = "link" | "dashboard" | "api";

/** The row as the paging engine reads it (paging-round.ts), cut to what the API shows, with the step 1-based. */
function view(row: Page, routeNames: RouteNames): PageView {
  const { groupKey: _groupKey, notification, notified: _notified, announced: _announced, ...page } = pageFromRow(row);
  const routeName = (page.routeKind === "policy" ? routeNames.policies : routeNames.receivers).get(page.routeId) ?? null;
  return { ...page, status: page.status as PageStatusName, step: page.step + 1, routeName, severity: pageSeverity(notification.alerts) };
}

type RouteNames = { receivers: Map<string, string>; policies: Map<string, string> };

/** The names of the receivers and policies these pages were routed by, in two queries. */
async function routeNamesOf(db: Tx, rows: readonly Pick<Page, "routeKind" | "routeId">[]): Promise<RouteNames> {
  const ids = (kind: string) => [...new Set(rows.filter((r) => (r.routeKind === "policy") === (kind === "policy")).map((r) => r.routeId))];
  const [receivers, policies] = await Promise.all([
    ids("receiver").length ? db.receiver.findMany({ where: { id: { in: ids("receiver") } }, select: { id: true, name: true } }) : [],
    ids("policy").length ? db.escalationPolicy.findMany({ where: { id: { in: ids("policy") } }, select: { id: true, name: true } }) : [],
  ]);
  return { receivers: new Map(receivers.map((r) => [r.id, r.name])), policies: new Map(policies.map((p) => [p.id, p.name])) };
}

async function views(db: Tx, rows: readonly Page[]): Promise<PageView[]> {
  const names = await routeNamesOf(db, rows);
  return rows.map((row) => view(row, names));
}

async function viewOf(db: Tx, row: Page): Promise<PageView> {
  return (await views(db, [row]))[0];
}

function eventView(row: PageEvent): PageEventView {
  return { id: row.id, at: Number(row.at), kind: row.kind, message: row.message, actor: row.actor };
}

function described(by: string, via: PageActVia): string {
  return via === "link" ? `${by} via link` : `${by} via ${via}`;
}

async function openPage(db: Tx, pageId: string, doing: string): Promise<Page> {
  const row = await db.page.findUnique({ where: { id: pageId } });
  if (!row) throw new AppError("not_found", `no page ${pageId}`);
  if (row.status === "resolved") throw new AppError("conflict", `page ${pageId} is already resolved${row.resolvedBy ? ` (by ${row.resolvedBy})` : ""}: nothing to ${doing}`);
  return row;
}

/** The page's incident hears it too, so the act shows on the incident's timeline. */
async function tellIncident(db: Tx, incidentId: number | null, kind: "acknowledged" | "note", message: string, by: string, now: number): Promise<void> {
  if (incidentId === null) return;
  const incident = await db.incident.findUnique({ where: { id: incidentId } });
  if (!incident) return;
  if (kind === "acknowledged" && incident.status === "open") {
    await db.incident.update({
      where: { id: incidentId },
      data: { status: "acknowledged", acknowledgedBy: by, updatedAt: BigInt(now), events: { create: { at: BigInt(now), kind: "acknowledged", message } } },
    });
    return;
  }
  await db.incidentEvent.create({ data: { incidentId, at: BigInt(now), kind: kind === "acknowledged" ? "acknowledged" : "page", message } });
}

/**
 * Someone took the page: escalation and repeats stop. Acknowledging an acknowledged page is a
 * conflict that says who already did (a second person clicking learns they are not alone).
 */
export async function acknowledgePage(db: Tx, pageId: string, by: string, now: number, via: PageActVia): Promise<PageView> {
  const row = await openPage(db, pageId, "acknowledge");
  if (row.status === "acknowledged") throw new AppError("conflict", `page ${pageId} was already acknowledged by ${row.acknowledgedBy ?? "someone"}`);
  const message = `acknowledged by ${described(by, via)}`;
  // Only a still-triggered page changes: a concurrent act (or the engine resolving it) wins once.
  const updated = await db.page.updateMany({
    where: { id: pageId, status: "triggered" },
    data: { status: "acknowledged", acknowledgedAt: BigInt(now), acknowledgedBy: by, nextEscalationAt: null, updatedAt: BigInt(now) },
  });
  if (updated.count === 0) throw new AppError("conflict", `page ${pageId} changed meanwhile: reload it`);
  await db.pageEvent.create({ data: { pageId, at: BigInt(now), kind: "acknowledged", message, actor: by } });
  await tellIncident(db, row.incidentId, "acknowledged", `page "${row.title}" ${message}`, by, now);
  return viewOf(db, { ...row, status: "acknowledged", acknowledgedAt: BigInt(now), acknowledgedBy: by, nextEscalationAt: null, updatedAt: BigInt(now) });
}

/** Someone says it is over: the page resolves now, whatever the alerts say (a new firing opens a new page). */
export async function resolvePage(db: Tx, pageId: string, by: string, now: number, via: PageActVia): Promise<PageView> {
  const row = await openPage(db, pageId, "resolve");
  const resolution = `resolved by ${by}`;
  const message = `resolved by ${described(by, via)}`;
  const data = { status: "resolved", resolvedAt: BigInt(now), resolvedBy: by, resolution, nextEscalationAt: null, heldUntil: null, updatedAt: BigInt(now) };
  const updated = await db.page.updateMany({ where: { id: pageId, status: { in: ["triggered", "acknowledged"] } }, data });
  if (updated.count === 0) throw new AppError("conflict", `page ${pageId} changed meanwhile: reload it`);
  await db.pageEvent.create({ data: { pageId, at: BigInt(now), kind: "resolved", message, actor: by } });
  await tellIncident(db, row.incidentId, "note", `page "${row.title}" ${message}`, by, now);
  return viewOf(db, { ...row, ...data });
}

/** A refused link that named a page (expired, reused) leaves a trace on the page's timeline. */
export async function notePageLinkRefused(db: Tx, pageId: string, message: string, now: number): Promise<void> {
  const exists = await db.page.findUnique({ where: { id: pageId }, select: { id: true } });
  if (!exists) return;
  await db.pageEvent.create({ data: { pageId, at: BigInt(now), kind: "link-refused", message, actor: "link" } });
}

const STATUS_ORDER: Record<string, number> = { triggered: 0, acknowledged: 1, resolved: 2 };

export async function listPages(db: Tx, query: PageQuery): Promise<PageList> {
  if (query.status && query.status !== "open") {
    const rows = await db.page.findMany({ where: { status: query.status }, orderBy: { openedAt: "desc" }, take: query.limit });
    return { items: await views(db, rows) };
  }
  // Open pages first, however old (people read this to decide what to do next), then the newest resolved ones.
  const open = await db.page.findMany({ where: { status: { in: ["triggered", "acknowledged"] } }, orderBy: { openedAt: "desc" }, take: query.limit });
  const resolved =
    query.status === "open" || open.length >= query.limit ? [] : await db.page.findMany({ where: { status: "resolved" }, orderBy: { openedAt: "desc" }, take: query.limit - open.length });
  const all = await views(db, [...open, ...resolved]);
  const openFirst = all.slice(0, open.length).sort((a, b) => (STATUS_ORDER[a.status] ?? 3) - (STATUS_ORDER[b.status] ?? 3) || b.openedAt - a.openedAt);
  return { items: [...openFirst, ...all.slice(open.length)] };
}

export async function getPage(db: Tx, id: string): Promise<PageDetail> {
  const row = await db.page.findUnique({ where: { id }, include: { events: { orderBy: [{ at: "asc" }, { id: "asc" }] } } });
  if (!row) throw new AppError("not_found", `no page ${id}`);
  const { events, ...page } = row;
  const alerts = pageFromRow(page).notification.alerts.map((a) => ({ status: a.status, labels: a.labels, annotations: a.annotations, startsAt: a.startsAt }));
  return { page: await viewOf(db, page), alerts, events: events.map(eventView) };
}

/** The page, or null: for the link page, which describes what it acts on. */
export async function findPage(db: Tx, id: string): Promise<PageView | null> {
  const row = await db.page.findUnique({ where: { id } });
  return row ? viewOf(db, row) : null;
}
