import { z } from "zod";
import { ERROR_STATUS } from "../../errors";

/** Pieces every area's API schemas share. Types only reach the browser (components import with `import type`). */

/** The answer of a write that has nothing else to say. */
export const okSchema = z.object({ ok: z.literal(true) });
export type Ok = z.infer<typeof okSchema>;

/** Every failed request answers `{ error: { code, message } }` with the HTTP status of its code. */
export const errorBodySchema = z.object({
  error: z.object({
    code: z.enum(Object.keys(ERROR_STATUS) as [keyof typeof ERROR_STATUS, ...(keyof typeof ERROR_STATUS)[]]),
    message: z.string(),
    /** Specifics of some refusals, e.g. `violations` of a manual action's guards. */
    details: z.record(z.string(), z.unknown()).optional(),
  }),
});
export type ErrorResponse = z.infer<typeof errorBodySchema>;

/** `?limit=` with the route's own bound and default. */
export const limitQuery = (max: number, fallback: number) => z.object({ limit: z.coerce.number().int().min(1).max(max).default(fallback) });

/** A numeric path id (incidents, deliveries). */
export const numericIdSchema = z.coerce.number().int().min(1);

/** Epoch milliseconds as the API answers them (stored values are not re-checked against the ingest bounds). */
export const msSchema = z.number();
/** An ISO 8601 timestamp (users, tokens, receivers answer these). */
export const isoSchema = z.string();

/**
 * A shape a pure core owns as a TypeScript type (ring ownership, recovery blocks, load groups):
 * typed exactly here, described only by `description` in the OpenAPI document.
 */
export function opaque<T>(description: string) {
  return z.custom<T>(() => true).meta({ description });
}

/** Answers `{ items: [...] }`. */
export const itemsOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });

/** `GET /api/v1/openapi.json` answers the document itself. */
export const openApiDocumentSchema = z.record(z.string(), z.unknown()).meta({ description: "An OpenAPI 3.1 document" });
