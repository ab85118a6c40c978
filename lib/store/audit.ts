import "server-only";
import type { Db } from "./prisma";
import type { AuditPage, AuditQuery } from "../protocol/api/audit";
import { AppError } from "../errors";

/** One audit row to write; `action` is a key of AUDIT_KINDS (lib/protocol/api/audit.ts). */
export type AuditEntry = { at: number; actor: string; action: string; target: string; epoch?: number | null; outcome: string; detail?: string | null };

/** The audit row's write, to go into a settings write's transaction. */
export function auditWrite(db: Db, entry: AuditEntry) {
  return db.auditLog.create({ data: { ...entry, at: BigInt(entry.at), epoch: entry.epoch ?? null, detail: entry.detail ?? null } });
}

export async function audit(db: Db, entry: AuditEntry): Promise<void> {
  await auditWrite(db, entry);
}

/** The cursor is "at:id" of the last entry returned: newest first, stable under inserts. */
function parseCursor(cursor: string): { at: bigint; id: number } {
  const match = /^(\d{1,16}):(\d{1,12})$/.exec(cursor);
  if (!match) throw new AppError("bad_request", "invalid cursor");
  return { at: BigInt(match[1]), id: Number(match[2]) };
}

/**
 * Filtered by kind (exact, or a prefix ending in "."), actor, target and time, newest first.
 * Each filter has its (column, at) index; the order is (at, id) so those indexes serve it.
 */
export async function listAudit(db: Db, query: AuditQuery): Promise<AuditPage> {
  const action = query.action ? (query.action.endsWith(".") ? { startsWith: query.action } : query.action) : undefined;
  const cursor = query.cursor ? parseCursor(query.cursor) : null;
  const rows = await db.auditLog.findMany({
    where: {
      ...(action !== undefined ? { action } : {}),
      ...(query.actor ? { actor: query.actor } : {}),
      ...(query.target ? { target: query.target } : {}),
      AND: [
        ...(query.from !== undefined ? [{ at: { gte: BigInt(query.from) } }] : []),
        ...(query.to !== undefined ? [{ at: { lte: BigInt(query.to) } }] : []),
        ...(cursor ? [{ OR: [{ at: { lt: cursor.at } }, { at: cursor.at, id: { lt: cursor.id } }] }] : []),
      ],
    },
    orderBy: [{ at: "desc" }, { id: "desc" }],
    take: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => ({ ...r, at: Number(r.at) })),
    nextCursor: rows.length > query.limit && last ? `${last.at}:${last.id}` : null,
  };
}
