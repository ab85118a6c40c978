import "server-only";
import type { LogEntry, Prisma } from "../generated/prisma/client";
import type { LogPage, LogQuery, LogView } from "../protocol/api/logs";
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

export async function searchLogs(db: Db, query: LogQuery): Promise<LogPage> {
  const conditions: Prisma.LogEntryWhereInput[] = [];
  if (query.nodeId) conditions.push({ nodeId: query.nodeId });
  if (query.level) conditions.push({ level: { in: levelsAtLeast(query.level) } });
  if (query.q) conditions.push({ message: textContains(db, query.q) });
  if (query.from !== undefined) conditions.push({ ts: { gte: BigInt(query.from) } });
  if (query.to !== undefined) conditions.push({ ts: { lte: BigInt(query.to) } });
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
  return { items: page, nextCursor: rows.length > query.limit && last ? `${last.ts}:${last.nodeId}:${last.seq}` : null };
}
