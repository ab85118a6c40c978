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

export const logQuerySchema = z.object({
  nodeId: nodeIdSchema.optional(),
  /** Minimum level. */
  level: logLevelSchema.optional(),
  q: z.string().max(200).optional(),
  from: z.coerce.number().int().optional(),
  to: z.coerce.number().int().optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
  cursor: z.string().max(100).optional(),
});
export type LogQuery = z.infer<typeof logQuerySchema>;

/** Newest first; pass `nextCursor` back as `cursor` for the page after. */
export const logPageSchema = z.object({ items: z.array(logViewSchema), nextCursor: z.string().nullable() });
export type LogPage = z.infer<typeof logPageSchema>;
