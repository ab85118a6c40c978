import "server-only";
import type { ZodType } from "zod";
import type { Principal } from "../auth/principal";
import type { Role } from "../protocol/common";
import type { Db } from "../store/prisma";
import { requireRole } from "../auth/principal";
import { principalFromHeaders } from "../auth/request-principal";
import { getConfig } from "../config";
import { AppError, toErrorBody } from "../errors";
import { parseOrThrow } from "../protocol/common";
import { getDb } from "../store/prisma";

const MAX_BODY_BYTES = 1_000_000;

type NextContext<P> = { params: Promise<P> };
type Handler<P, C> = (context: C & { request: Request; params: P; db: Db; url: URL }) => Promise<unknown>;

export function errorResponse(error: unknown): Response {
  const body = toErrorBody(error);
  const status = error instanceof AppError ? error.status : 500;
  if (status === 500) console.error("[api] unexpected error", error);
  return Response.json({ error: body }, { status });
}

function toResponse(result: unknown): Response {
  if (result instanceof Response) return result;
  return Response.json(result ?? { ok: true });
}

/** A route handler that needs a principal with at least `role`. Thin: auth, parse, call lib/, JSON. */
export function apiRoute<P = Record<string, string>>(role: Role, handler: Handler<P, { principal: Principal }>) {
  return async (request: Request, context: NextContext<P>): Promise<Response> => {
    try {
      const db = await getDb();
      const principal = await principalFromHeaders(
        db,
        { authorization: request.headers.get("authorization"), cookie: request.headers.get("cookie") },
        getConfig().bootstrap.apiToken,
      );
      requireRole(principal, role);
      const params = await context.params;
      return toResponse(await handler({ request, params, db, principal: principal as Principal, url: new URL(request.url) }));
    } catch (error) {
      return errorResponse(error);
    }
  };
}

/** A route handler open to anyone (login, first-run setup). */
export function publicRoute<P = Record<string, string>>(handler: Handler<P, object>) {
  return async (request: Request, context: NextContext<P>): Promise<Response> => {
    try {
      const db = await getDb();
      const params = await context.params;
      return toResponse(await handler({ request, params, db, url: new URL(request.url) }));
    } catch (error) {
      return errorResponse(error);
    }
  };
}

export async function readJson<T>(request: Request, schema: ZodType<T>, what = "request body"): Promise<T> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_BODY_BYTES) throw new AppError("payload_too_large", `body over ${MAX_BODY_BYTES} bytes`);
  const text = await request.text();
  if (text.length > MAX_BODY_BYTES) throw new AppError("payload_too_large", `body over ${MAX_BODY_BYTES} bytes`);
  let body: unknown;
  try {
    body = text === "" ? {} : JSON.parse(text);
  } catch {
    throw new AppError("bad_request", `${what} is not valid JSON`);
  }
  return parseOrThrow(schema, body, what);
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
