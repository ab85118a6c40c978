/** Browser-side access to /api/v1: JSON in and out, one error shape, 401 sends the operator to sign in. */

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  /** A refusal that passes (a throttled login): how long until a retry may succeed. */
  readonly retryAfterMs: number | undefined;
  constructor(status: number, code: string, message: string, retryAfterMs?: number) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.retryAfterMs = retryAfterMs;
  }
}

type QueryValue = string | number | boolean | null | undefined;

/** Builds "?a=1&b=x", leaving out empty values so the server's defaults apply. */
export function buildQuery(params: Record<string, QueryValue>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === null || value === undefined || value === "") continue;
    search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : "";
}

type ApiRequest = {
  method?: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  body?: unknown;
  signal?: AbortSignal;
  /** Login and setup handle 401 themselves ("wrong password") instead of redirecting. */
  redirectOnUnauthorized?: boolean;
};

function isErrorBody(value: unknown): value is { error: { code: string; message: string; retryAfterMs?: number } } {
  if (typeof value !== "object" || value === null || !("error" in value)) return false;
  const error = (value as { error: unknown }).error;
  return typeof error === "object" && error !== null && "message" in error;
}

export function loginUrlForCurrentPage(): string {
  const here = `${window.location.pathname}${window.location.search}`;
  return here === "/" ? "/login" : `/login?next=${encodeURIComponent(here)}`;
}

export async function apiFetch<T>(path: string, request: ApiRequest = {}): Promise<T> {
  const { method = "GET", body, signal, redirectOnUnauthorized = true } = request;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      signal,
      credentials: "same-origin",
      // Every change is declared JSON, with or without a body: the server refuses cookie-authenticated
      // changes that are not (a cross-site form cannot send that type).
      headers: method === "GET" ? { accept: "application/json" } : { accept: "application/json", "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === "AbortError") throw cause;
    throw new ApiError(0, "network", "Cannot reach the Vigil server. Check your connection.");
  }
  const text = await response.text();
  let payload: unknown = null;
  if (text) {
    try {
      payload = JSON.parse(text);
    } catch {
      payload = null;
    }
  }
  if (response.ok) return payload as T;
  if (response.status === 401 && redirectOnUnauthorized && typeof window !== "undefined") {
    window.location.assign(loginUrlForCurrentPage());
  }
  if (isErrorBody(payload)) {
    const { retryAfterMs } = payload.error;
    throw new ApiError(response.status, payload.error.code, payload.error.message, typeof retryAfterMs === "number" ? retryAfterMs : undefined);
  }
  throw new ApiError(response.status, "http_error", `The server answered ${response.status} ${response.statusText}`.trim());
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return "Something went wrong.";
}

export function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === "AbortError";
}
