import assert from "node:assert/strict";
import { test } from "node:test";
import { z } from "zod";
import { API_ROUTES } from "./routes";

/**
 * `limit` without a default lists everything on purpose; each entry says why that is bounded.
 * Replica groups: read from the live fleet in memory (one per replica set), not from a table.
 */
const LISTS_WITHOUT_DEFAULT = new Set(["GET /api/v1/replica-groups"]);

function limitOf(schema: z.ZodType): z.ZodType | null {
  if (!(schema instanceof z.ZodObject)) return null;
  const shape = schema.shape as Record<string, z.ZodType>;
  return shape.limit ?? null;
}

test("every list endpoint's `limit` has a maximum and a default", () => {
  const withLimit = API_ROUTES.filter((route) => route.query && limitOf(route.query));
  assert.ok(withLimit.length >= 12, `found only ${withLimit.length} routes with ?limit=`);
  for (const route of withLimit) {
    const key = `${route.method} ${route.path}`;
    const limit = limitOf(route.query as z.ZodType) as z.ZodType;
    // Query strings arrive as text; both forms must be refused.
    for (const huge of ["1000000000", 1e9, "1e9"]) assert.equal(limit.safeParse(huge).success, false, `${key}: limit=${huge} is accepted`);
    assert.equal(limit.safeParse("0").success, false, `${key}: limit=0 is accepted`);
    assert.equal(limit.safeParse("10").success, true, `${key}: limit=10 is refused`);
    if (LISTS_WITHOUT_DEFAULT.has(key)) continue;
    const fallback = limit.safeParse(undefined);
    assert.ok(fallback.success && typeof fallback.data === "number", `${key}: no default limit`);
  }
});

test("the lists named by the bounded-reads review take ?limit=", () => {
  const paths = new Set(API_ROUTES.filter((route) => route.method === "GET" && route.query && limitOf(route.query)).map((route) => route.path));
  for (const path of ["/api/v1/events", "/api/v1/incidents", "/api/v1/alerts", "/api/v1/deliveries", "/api/v1/actions", "/api/v1/audit", "/api/v1/groups/history", "/api/v1/ring/epochs", "/api/v1/silences", "/api/v1/maintenance", "/api/v1/nodes", "/api/v1/logs"]) {
    assert.ok(paths.has(path), `${path} has no ?limit=`);
  }
});
