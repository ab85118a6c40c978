import "server-only";
import type { LogEntry, Prisma } from "../generated/prisma/client";
import { resolveLogWindow, type LogPage, type LogQuery, type LogView } from "../protocol/api/logs";
import { textContains, type Db } from "./prisma";
import { AppError } from "../errors";
import { LOG_LEVELS, logLevelSchema, type LogLevel } from "../protocol/common";


export function levelsAtLeast(level: LogLevel | undefined): LogLevel[] {
  if (!level) return [...LOG_LEVELS];
  return LOG_LEVELS.slice(LOG_LEVELS.indexOf(level));
}

export function logRowToView(row: LogEntry): LogView {
  let fields: LogView["fields"] = null;
  if (row.fields) {
    try {
      fields = JSON.parse(row.fields) as LogView["fields"];
    } catch {
      fields = null;
    }
  }
  return { nodeId: row.nodeId, seq: Number(row.seq), ts: Number(row.ts), level: logLevelSchema.catch("info").parse(row.level), message: row.message, fields };
}

/** The cursor is "ts:nodeId:seq" of the last entry returned: newest first, stable under inserts. */
function parseCursor(cursor: string): { ts: bigint; nodeId: string; seq: bigint } {
  const match = /^(\d+):(.+):(\d+)$/.exec(cursor);
  if (!match) throw new AppError("bad_request", "invalid cursor");
  return { ts: BigInt(match[1]), nodeId: match[2], seq: BigInt(match[3]) };
}

/** Within a time window (resolveLogWindow): the last hour by default, at most 7 days for a text search. */
export async function searchLogs(db: Db, query: LogQuery, now = Date.now()): Promise<LogPage> {
  const resolved = resolveLogWindow(query, now);
  if ("problem" in resolved) throw new AppError("bad_request", resolved.problem);
  const { window } = resolved;
  const conditions: Prisma.LogEntryWhereInput[] = [{ ts: { gte: BigInt(window.from), lte: BigInt(window.to) } }];
  if (query.nodeId) conditions.push({ nodeId: query.nodeId });
  if (query.level) conditions.push({ level: { in: levelsAtLeast(query.level) } });
  if (query.q) conditions.push({ message: textContains(db, query.q) });
  if (query.cursor) {
    const c = parseCursor(query.cursor);
    conditions.push({
      OR: [{ ts: { lt: c.ts } }, { ts: c.ts, nodeId: { lt: c.nodeId } }, { ts: c.ts, nodeId: c.nodeId, seq: { lt: c.seq } }],
    });
  }
  const rows = await db.logEntry.findMany({
    where: { AND: conditions },
    orderBy: [{ ts: "desc" }, { nodeId: "desc" }, { seq: "desc" }],
    take: query.limit + 1,
  });
  const page = rows.slice(0, query.limit).map(logRowToView);
  const last = page[page.length - 1];
  return { items: page, nextCursor: rows.length > query.limit && last ? `${last.ts}:${last.nodeId}:${last.seq}` : null, window };
}
