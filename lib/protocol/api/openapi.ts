import { z } from "zod";
import { API_ROUTES, type ApiRoute } from "./routes";
import { errorBodySchema } from "./shared";

/**
 * The OpenAPI 3.1 document of `/api/v1`, generated from the same zod schemas the route handlers
 * parse with and the store's answers are typed by (zod 4's JSON Schema output is the 2020-12
 * dialect OpenAPI 3.1 uses). Served at `GET /api/v1/openapi.json`; `openapi.test.ts` validates it
 * and checks it against the route files.
 */

type JsonSchema = Record<string, unknown>;

/**
 * Requests are described as clients write them (`io: "input"`: defaults make fields optional,
 * coerced query numbers are numbers); answers as the server sends them. A shape zod cannot
 * express in JSON Schema (a transform's output, a pure core's opaque type) becomes `{}` plus its
 * description instead of failing the whole document.
 */
function jsonSchema(schema: z.ZodType, io: "input" | "output"): JsonSchema {
  const generated = z.toJSONSchema(schema, { target: "draft-2020-12", io, unrepresentable: "any" }) as JsonSchema;
  // The document's dialect (OpenAPI 3.1 = JSON Schema 2020-12) applies to every schema in it.
  delete generated.$schema;
  return generated;
}

const SECURED = [{ bearerToken: [] }, { sessionCookie: [] }];

function parameters(route: ApiRoute): JsonSchema[] {
  const path = [...route.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({
    name,
    in: "path",
    required: true,
    schema: route.params?.[name] ? jsonSchema(route.params[name], "input") : { type: "string" },
  }));
  if (!route.query) return path;
  const query = jsonSchema(route.query, "input");
  const properties = (query.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((query.required ?? []) as string[]);
  return [
    ...path,
    ...Object.entries(properties).map(([name, schema]) => ({ name, in: "query", required: required.has(name), schema })),
  ];
}

function operation(route: ApiRoute): JsonSchema {
  const access = route.role === "public" ? "Open to anyone." : `Needs the ${route.role} role or higher.`;
  return {
    operationId: `${route.method.toLowerCase()}${route.path.replace("/api/v1", "").replace(/[^A-Za-z0-9]+(\w)?/g, (_, c: string | undefined) => (c ?? "").toUpperCase())}`,
    summary: route.summary,
    description: access,
    tags: [route.tag],
    "x-vigil-role": route.role,
    security: route.role === "public" ? [] : SECURED,
    ...(parameters(route).length ? { parameters: parameters(route) } : {}),
    ...(route.body ? { requestBody: { required: true, content: { "application/json": { schema: jsonSchema(route.body, "input") } } } } : {}),
    responses: {
      [String(route.status ?? 200)]: { description: "Success", content: { "application/json": { schema: jsonSchema(route.response, "output") } } },
      "4XX": { $ref: "#/components/responses/Error" },
      "5XX": { $ref: "#/components/responses/Error" },
    },
  };
}

export function buildOpenApiDocument(routes: readonly ApiRoute[] = API_ROUTES, version = "1"): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const route of routes) (paths[route.path] ??= {})[route.method.toLowerCase()] = operation(route);
  return {
    openapi: "3.1.0",
    info: {
      title: "Vigil API",
      version,
      description:
        "Vigil's REST API. Authenticate with `Authorization: Bearer <API token>` (scripts) or the `vigil_session` cookie a login sets (the browser). " +
        "Roles rank viewer < operator < admin; each operation names the least it needs. Every failure answers `{ error: { code, message } }` " +
        "with the HTTP status of its code. The prose guide is docs/api.md.",
    },
    servers: [{ url: "/" }],
    security: SECURED,
    tags: [...new Set(routes.map((route) => route.tag))].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: {
        bearerToken: { type: "http", scheme: "bearer", description: "An API token (`vap_…`, from `POST /api/v1/api-tokens`), or the `VIGIL_API_TOKEN` bootstrap token (admin)." },
        sessionCookie: { type: "apiKey", in: "cookie", name: "vigil_session", description: "Set by `POST /api/v1/auth/login` or first-run setup." },
      },
      responses: {
        Error: {
          description:
            "bad_request 400, unauthorized 401, forbidden 403, not_found 404, conflict 409, payload_too_large 413, rate_limited 429, unavailable 503, internal 500",
          content: { "application/json": { schema: jsonSchema(errorBodySchema, "output") } },
        },
      },
    },
  };
}
