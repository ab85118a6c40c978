import { z } from "zod";
import { logLevelSchema, nodeIdSchema } from "../common";
import { msSchema } from "./shared";

/** Logs: `GET /api/v1/logs`. */

export const logViewSchema = z.object({
  nodeId: z.string(),
  seq: z.number(),
  ts: msSchema,
  level: logLevelSchema,
  message: z.string(),
  fields: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).nullable(),
});
export type LogView = z.infer<typeof logViewSchema>;

/** Without `from`, a search covers the hour before `to` (which defaults to now). */
export const DEFAULT_LOG_WINDOW_MS = 3_600_000;
/** A text search (`q`, a substring scan no index serves) covers at most this long a window. */
export const MAX_TEXT_SEARCH_WINDOW_MS = 7 * 24 * 3_600_000;

export const logQuerySchema = z.object({
  nodeId: nodeIdSchema.optional(),
  /** Minimum level. */
  level: logLevelSchema.optional(),
  /** Text the message contains (case-insensitive on PostgreSQL); the window may then span at most 7 days. */
  q: z.string().max(200).optional(),
  /** Epoch ms; the hour before `to` when left out. */
  from: z.coerce.number().int().min(0).optional(),
  /** Epoch ms; now when left out. */
  to: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
  cursor: z.string().max(100).optional(),
});
export type LogQuery = z.infer<typeof logQuerySchema>;
export type LogWindow = { from: number; to: number };

/**
 * The window a search covers: `to` or now, `from` or an hour before it. A text search over more
 * than MAX_TEXT_SEARCH_WINDOW_MS is refused (the reason, for a 400), because it reads every line
 * of the window; filters by node or level use the (nodeId, ts) and (level, ts) indexes.
 */
export function resolveLogWindow(query: Pick<LogQuery, "from" | "to" | "q">, now: number): { window: LogWindow } | { problem: string } {
  const to = query.to ?? now;
  const from = query.from ?? to - DEFAULT_LOG_WINDOW_MS;
  if (from > to) return { problem: "from is after to" };
  if (query.q && to - from > MAX_TEXT_SEARCH_WINDOW_MS) {
    const days = Math.round(((to - from) / 86_400_000) * 10) / 10;
    return { problem: `text search over ${days} days: narrow the window (from/to) to at most ${MAX_TEXT_SEARCH_WINDOW_MS / 86_400_000} days` };
  }
  return { window: { from, to } };
}

/** Newest first; pass `nextCursor` back as `cursor` (with the same `window`) for the page after. */
export const logPageSchema = z.object({
  items: z.array(logViewSchema),
  nextCursor: z.string().nullable(),
  /** The time range searched (epoch ms, both inclusive). */
  window: z.object({ from: msSchema, to: msSchema }),
});
export type LogPage = z.infer<typeof logPageSchema>;
