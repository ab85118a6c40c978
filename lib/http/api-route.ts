import "server-only";
import type { ZodType } from "zod";
import type { Principal } from "../auth/principal";
import type { ApiRoute } from "../protocol/api/routes";
import type { Role } from "../protocol/common";
import type { Db } from "../store/prisma";
import { requireRole, requireScope } from "../auth/principal";
import { defaultScopes } from "../auth/scopes";
import { principalFromHeaders } from "../auth/request-principal";
import { readCookie, SESSION_COOKIE } from "../auth/sessions";
import { getConfig } from "../config";
import { AppError, toErrorBody } from "../errors";
import { parseOrThrow } from "../protocol/common";
import { ROUTE_AUDIT } from "../protocol/api/route-audit";
import { API_ROUTES } from "../protocol/api/routes";
import { audit } from "../store/recovery";
import { getDb } from "../store/prisma";
import { auditDetail } from "./audit-detail";
import { isSameOriginRequest, originHeadersOf } from "./origin";
import { routeMatcher } from "./route-match";

const MAX_BODY_BYTES = 1_000_000;
const CHANGING_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);
const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

type NextContext<P> = { params: Promise<P> };
type Handler<P, C> = (context: C & { request: Request; params: P; db: Db; url: URL }) => Promise<unknown>;

const matchRoute = routeMatcher(API_ROUTES);
/** The validated body of each request, kept for its audit entry (see readJson). */
const parsedBodies = new WeakMap<Request, unknown>();

export function errorResponse(error: unknown): Response {
  const body = toErrorBody(error);
  const status = error instanceof AppError ? error.status : 500;
  if (status === 500) console.error("[api] unexpected error", error);
  const headers = body.retryAfterMs === undefined ? undefined : { "retry-after": String(Math.max(1, Math.ceil(body.retryAfterMs / 1000))) };
  return Response.json({ error: body }, { status, headers });
}

function toResponse(result: unknown): Response {
  if (result instanceof Response) return result;
  return Response.json(result ?? { ok: true });
}

function declaredRoute(request: Request, url: URL): ApiRoute {
  const route = matchRoute(request.method, url.pathname);
  // routes.ts is checked against app/api by openapi.test.ts; reaching this is a build mistake.
  if (!route) throw new AppError("internal", `${request.method} ${url.pathname} is not declared in lib/protocol/api/routes.ts`);
  return route;
}

/**
 * Cross-site request forgery: a change made with the session cookie must be declared JSON (a
 * cross-site form cannot send that type without a CORS preflight, which Vigil never grants) and
 * come from Vigil's own origin. Bearer-token callers carry no ambient credential to forge, but a
 * body they send must still be JSON.
 */
function checkChangeRequest(request: Request, viaCookie: boolean): void {
  if (!CHANGING_METHODS.has(request.method)) return;
  const hasBody = Number(request.headers.get("content-length") ?? "0") > 0 || request.headers.has("transfer-encoding");
  if ((viaCookie || hasBody) && !JSON_TYPE.test(request.headers.get("content-type") ?? "")) {
    throw new AppError("unsupported_media_type", "changes must be sent as Content-Type: application/json");
  }
  if (viaCookie && !isSameOriginRequest(originHeadersOf(request.headers), getConfig().externalUrl)) {
    throw new AppError("forbidden", "cross-site request refused: changes made with a session cookie must come from Vigil's own pages");
  }
}

function sessionCookiePresent(request: Request): boolean {
  return readCookie(request.headers.get("cookie"), SESSION_COOKIE) !== null;
}

/** One audit entry per call of a changing route by a known caller, allowed or refused. */
async function auditCall(request: Request, route: ApiRoute, principal: Principal, params: Record<string, string> | undefined, outcome: string): Promise<void> {
  const kind = ROUTE_AUDIT[`${route.method} ${route.path}`];
  if (!kind || kind === "domain" || kind === "public" || kind === "none") return;
  const target = params?.id ?? route.path;
  await audit(await getDb(), { at: Date.now(), actor: principal.name, action: kind, target, outcome, detail: auditDetail(parsedBodies.get(request)) }).catch((error: unknown) =>
    console.error("[api] audit entry not written", kind, target, error),
  );
}

function outcomeOf(result: Response | AppError | unknown): string {
  if (result instanceof Response) return result.status < 400 ? "ok" : `refused (${result.status})`;
  if (result instanceof AppError) return result.code === "forbidden" || result.code === "unauthorized" ? `denied: ${result.message}` : `refused: ${result.code}`;
  return "failed: internal error";
}

/**
 * A route handler that needs a principal with at least `role` and, for API tokens, one of the
 * scopes its route accepts (routes.ts `scopes`, else `read` for GET and `write` for changes).
 * Thin: auth, CSRF, parse, call lib/, JSON; changes are audited (route-audit.ts).
 */
export function apiRoute<P = Record<string, string>>(role: Role, handler: Handler<P, { principal: Principal }>) {
  return async (request: Request, context: NextContext<P>): Promise<Response> => {
    let route: ApiRoute | null = null;
    let principal: Principal | null = null;
    let params: P | undefined;
    try {
      const url = new URL(request.url);
      route = declaredRoute(request, url);
      const db = await getDb();
      const authorization = request.headers.get("authorization");
      principal = await principalFromHeaders(db, { authorization, cookie: request.headers.get("cookie") }, getConfig().bootstrap.apiToken);
      requireRole(principal, role);
      requireScope(principal as Principal, route.scopes ?? defaultScopes(route.method));
      checkChangeRequest(request, !(authorization ?? "").toLowerCase().startsWith("bearer "));
      params = await context.params;
      const response = toResponse(await handler({ request, params, db, principal: principal as Principal, url }));
      if (CHANGING_METHODS.has(request.method)) await auditCall(request, route, principal as Principal, params as Record<string, string>, outcomeOf(response));
      return response;
    } catch (error) {
      if (route && principal && CHANGING_METHODS.has(request.method)) {
        await auditCall(request, route, principal, (params ?? (await Promise.resolve(context.params).catch(() => undefined))) as Record<string, string> | undefined, outcomeOf(error));
      }
      return errorResponse(error);
    }
  };
}

/** A route handler open to anyone (login, first-run setup, logout): still JSON-only and same-origin for browsers. */
export function publicRoute<P = Record<string, string>>(handler: Handler<P, object>) {
  return async (request: Request, context: NextContext<P>): Promise<Response> => {
    try {
      const url = new URL(request.url);
      declaredRoute(request, url);
      checkChangeRequest(request, sessionCookiePresent(request) || request.headers.has("origin"));
      const db = await getDb();
      const params = await context.params;
      return toResponse(await handler({ request, params, db, url }));
    } catch (error) {
      return errorResponse(error);
    }
  };
}

/** Reads the body as a stream and stops at the cap, whatever Content-Length says (or chunked bodies leave out). */
async function readCapped(request: Request, limit: number): Promise<string> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > limit) throw new AppError("payload_too_large", `body over ${limit} bytes`);
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw new AppError("payload_too_large", `body over ${limit} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

export async function readJson<T>(request: Request, schema: ZodType<T>, what = "request body"): Promise<T> {
  const text = await readCapped(request, MAX_BODY_BYTES);
  let body: unknown;
  try {
    body = text === "" ? {} : JSON.parse(text);
  } catch {
    throw new AppError("bad_request", `${what} is not valid JSON`);
  }
  const parsed = parseOrThrow(schema, body, what);
  parsedBodies.set(request, parsed);
  return parsed;
}

export function readQuery<T>(url: URL, schema: ZodType<T>): T {
  return parseOrThrow(schema, Object.fromEntries(url.searchParams.entries()), "query");
}

export function sessionCookie(request: Request, name: string, value: string, expiresAt: Date | null): string {
  const secureSetting = getConfig().secureCookies;
  const https = request.headers.get("x-forwarded-proto") === "https" || new URL(request.url).protocol === "https:";
  const secure = secureSetting === "true" || (secureSetting === "auto" && https);
  const parts = [`${name}=${encodeURIComponent(value)}`, "Path=/", "HttpOnly", "SameSite=Lax"];
  if (secure) parts.push("Secure");
  parts.push(expiresAt ? `Expires=${expiresAt.toUTCString()}` : "Max-Age=0");
  return parts.join("; ");
}
