import { z } from "zod";
import type { ZodType } from "zod";
import { AppError } from "../errors";

export const NODE_STATES = ["unknown", "healthy", "suspect", "down", "maintenance"] as const;
export const nodeStateSchema = z.enum(NODE_STATES);
export type NodeState = z.infer<typeof nodeStateSchema>;

export const REPLICA_ROLES = ["primary", "replica"] as const;
export const replicaRoleSchema = z.enum(REPLICA_ROLES);
export type ReplicaRole = z.infer<typeof replicaRoleSchema>;

export const LOG_LEVELS = ["trace", "debug", "info", "warn", "error", "fatal"] as const;
export const logLevelSchema = z.enum(LOG_LEVELS);
export type LogLevel = z.infer<typeof logLevelSchema>;

export const ROLES = ["viewer", "operator", "admin"] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

export const nodeIdSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, "node ids use letters, digits and . _ : - and start with a letter or digit");

export const shortTextSchema = z.string().min(1).max(200);
export const labelsSchema = z
  .record(z.string().min(1).max(64), z.string().max(256))
  .refine((labels) => Object.keys(labels).length <= 32, "at most 32 labels");

/** Epoch milliseconds, sanity-bounded to years 2000..2200 so a unit mistake (seconds, µs) is caught. */
export const epochMsSchema = z.number().int().min(946_684_800_000).max(7_258_118_400_000);
export const seqSchema = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/**
 * The error of a refused event. `retryAfterMs`, on refusals that pass (rate limits, a full ingest
 * backlog), is how long the sender should wait at least before resending.
 */
export const ackErrorSchema = z.object({
  code: z.string(),
  message: z.string(),
  retryAfterMs: z.number().int().min(0).optional(),
});
export type AckError = z.infer<typeof ackErrorSchema>;

export type Ack<T> = { ok: true; data: T } | { ok: false; error: AckError };

/** Parses untrusted input, turning zod issues into one readable bad_request message. */
export function parseOrThrow<T>(schema: ZodType<T>, input: unknown, what: string): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const detail = result.error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length ? issue.path.join(".") : "(root)"}: ${issue.message}`)
    .join("; ");
  throw new AppError("bad_request", `invalid ${what}: ${detail}`);
}
