import "server-only";
import type { Incident, IncidentEvent } from "../generated/prisma/client";
import type { IncidentDetail, IncidentEventView, IncidentList, IncidentQuery, IncidentSeverity, IncidentStatus, IncidentView } from "../protocol/api/incidents";
import type { Db } from "./prisma";
import { AppError } from "../errors";

/** A problem as detection sees it right now; `key` is stable while the problem lasts. */
export type DetectedProblem = {
  key: string;
  kind: string;
  severity: IncidentSeverity;
  subject: string;
  message: string;
  detail?: unknown;
};

function view(row: Incident): IncidentView {
  return {
    id: row.id,
    key: row.key,
    kind: row.kind,
    severity: row.severity as IncidentSeverity,
    subject: row.subject,
    message: row.message,
    detail: row.detail ? (JSON.parse(row.detail) as unknown) : null,
    status: row.status as IncidentStatus,
    openedAt: Number(row.openedAt),
    updatedAt: Number(row.updatedAt),
    resolvedAt: row.resolvedAt === null ? null : Number(row.resolvedAt),
    acknowledgedBy: row.acknowledgedBy,
  };
}

function eventView(row: IncidentEvent): IncidentEventView {
  return { id: row.id, at: Number(row.at), kind: row.kind, message: row.message };
}

/**
 * Makes the open incidents of one detection `source` match what it sees now: opens the new
 * problems, updates changed messages, resolves the ones that are gone. Idempotent by key.
 */
export async function syncIncidents(
  db: Db,
  source: string,
  problems: DetectedProblem[],
  now: number,
): Promise<{ opened: IncidentView[]; resolved: IncidentView[] }> {
  const prefix = `${source}:`;
  const open = await db.incident.findMany({ where: { key: { startsWith: prefix }, status: { not: "resolved" } } });
  const openByKey = new Map(open.map((row) => [row.key, row]));
  const seen = new Set<string>();
  const opened: IncidentView[] = [];
  const resolved: IncidentView[] = [];
  for (const problem of problems) {
    const key = prefix + problem.key;
    if (seen.has(key)) continue;
    seen.add(key);
    const existing = openByKey.get(key);
    const detail = problem.detail === undefined ? null : JSON.stringify(problem.detail);
    if (existing) {
      if (existing.message === problem.message && existing.severity === problem.severity) continue;
      await db.incident.update({
        where: { id: existing.id },
        data: {
          message: problem.message,
          severity: problem.severity,
          detail,
          updatedAt: BigInt(now),
          events: { create: { at: BigInt(now), kind: "updated", message: problem.message } },
        },
      });
      continue;
    }
    const row = await db.incident.create({
      data: {
        key,
        kind: problem.kind,
        severity: problem.severity,
        subject: problem.subject,
        message: problem.message,
        detail,
        status: "open",
        openedAt: BigInt(now),
        updatedAt: BigInt(now),
        events: { create: { at: BigInt(now), kind: "opened", message: problem.message } },
      },
    });
    opened.push(view(row));
  }
  for (const row of open) {
    if (seen.has(row.key)) continue;
    const done = await db.incident.update({
      where: { id: row.id },
      data: {
        status: "resolved",
        resolvedAt: BigInt(now),
        updatedAt: BigInt(now),
        events: { create: { at: BigInt(now), kind: "resolved", message: "no longer detected" } },
      },
    });
    resolved.push(view(done));
  }
  return { opened, resolved };
}

/** Opens one incident unless the same problem is already open (for events, not continuous detection). */
export async function openIncident(db: Db, source: string, problem: DetectedProblem, now: number): Promise<void> {
  const key = `${source}:${problem.key}`;
  const open = await db.incident.findFirst({ where: { key, status: { not: "resolved" } } });
  if (open) return;
  await db.incident.create({
    data: {
      key, kind: problem.kind, severity: problem.severity, subject: problem.subject, message: problem.message,
      detail: problem.detail === undefined ? null : JSON.stringify(problem.detail), status: "open", openedAt: BigInt(now), updatedAt: BigInt(now),
      events: { create: { at: BigInt(now), kind: "opened", message: problem.message } },
    },
  });
}

export async function listIncidents(db: Db, query: IncidentQuery): Promise<IncidentList> {
  const rows = await db.incident.findMany({
    where: {
      ...(query.status ? { status: query.status } : {}),
      ...(query.subject ? { subject: query.subject } : {}),
      ...(query.kind ? { kind: query.kind } : {}),
    },
    orderBy: { id: "desc" },
    take: query.limit,
  });
  return { items: rows.map(view) };
}

export async function getIncident(db: Db, id: number): Promise<IncidentDetail> {
  const row = await db.incident.findUnique({ where: { id }, include: { events: { orderBy: { id: "asc" } } } });
  if (!row) throw new AppError("not_found", `no incident ${id}`);
  return { incident: view(row), timeline: row.events.map(eventView) };
}

export async function acknowledgeIncident(db: Db, id: number, by: string, now: number): Promise<IncidentView> {
  const row = await db.incident.findUnique({ where: { id } });
  if (!row) throw new AppError("not_found", `no incident ${id}`);
  if (row.status !== "open") throw new AppError("conflict", `incident ${id} is ${row.status}`);
  const updated = await db.incident.update({
    where: { id },
    data: {
      status: "acknowledged",
      acknowledgedBy: by,
      updatedAt: BigInt(now),
      events: { create: { at: BigInt(now), kind: "acknowledged", message: `acknowledged by ${by}` } },
    },
  });
  return view(updated);
}
