import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { Validator } from "@seriousme/openapi-schema-validator";
import { buildOpenApiDocument } from "./openapi";
import { API_ROUTES, HTTP_METHODS } from "./routes";

const APP_API = join(dirname(fileURLToPath(import.meta.url)), "../../../app/api");
const TIMEOUT = { timeout: 60_000 };

type RouteFileOperation = { key: string; role: string };

/** Every `route.ts` under app/api, as `METHOD /path` (OpenAPI form) with the role its handler requires. */
function routeFileOperations(dir = APP_API): RouteFileOperation[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return routeFileOperations(path);
    if (entry.name !== "route.ts") return [];
    const urlPath = `/api/${relative(APP_API, dir).split(sep).join("/")}`.replace(/\[(\w+)\]/g, "{$1}");
    const source = readFileSync(path, "utf8");
    return HTTP_METHODS.flatMap((method) => {
      const exported = source.match(new RegExp(`export (?:const|async function|function) ${method}\\b(?:\\s*=\\s*(\\w+)(?:<[^>]*>)?\\(\\s*(?:"(\\w+)")?)?`));
      if (!exported) return [];
      const role = exported[1] === "publicRoute" ? "public" : (exported[2] ?? `unknown (${exported[1] ?? "not apiRoute"})`);
      return [{ key: `${method} ${urlPath}`, role }];
    });
  });
}

test("the generated document is valid OpenAPI 3.1 and its references resolve", TIMEOUT, async () => {
  const validator = new Validator();
  const result = await validator.validate(buildOpenApiDocument());
  assert.deepEqual(result.errors ?? [], [], "OpenAPI validation errors");
  assert.equal(result.valid, true);
  assert.equal(validator.version, "3.1");
  assert.doesNotThrow(() => validator.resolveRefs());
});

test("the document lists exactly the routes and methods under app/api, each with its handler's role", TIMEOUT, () => {
  const files = routeFileOperations();
  assert.ok(files.length >= 60, `found only ${files.length} operations under ${APP_API}`);
  const documented = new Map(API_ROUTES.map((route) => [`${route.method} ${route.path}`, route.role]));
  const inFiles = new Map(files.map((operation) => [operation.key, operation.role]));
  const missing = [...inFiles.keys()].filter((key) => !documented.has(key)).sort();
  const extra = [...documented.keys()].filter((key) => !inFiles.has(key)).sort();
  assert.deepEqual(missing, [], "route handlers missing from lib/protocol/api/routes.ts");
  assert.deepEqual(extra, [], "documented operations with no route handler");
  const wrongRole = files.filter((operation) => documented.get(operation.key) !== operation.role).map((operation) => `${operation.key}: handler ${operation.role}, document ${documented.get(operation.key)}`);
  assert.deepEqual(wrongRole, [], "roles differ between handler and document");
  const paths = buildOpenApiDocument().paths as Record<string, Record<string, unknown>>;
  const inDocument = Object.entries(paths).flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`));
  assert.deepEqual(inDocument.sort(), [...inFiles.keys()].sort());
});

test("every operation describes its success answer and the error shape", TIMEOUT, () => {
  const paths = buildOpenApiDocument().paths as Record<string, Record<string, { responses: Record<string, { content?: unknown; $ref?: string }> }>>;
  for (const [path, operations] of Object.entries(paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      const success = Object.entries(operation.responses).find(([status]) => /^2\d\d$/.test(status));
      assert.ok(success?.[1].content, `${method} ${path} has no success body`);
      assert.equal(operation.responses["4XX"]?.$ref, "#/components/responses/Error", `${method} ${path} has no error answer`);
    }
  }
});
