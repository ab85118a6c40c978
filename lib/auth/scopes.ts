import type { ApiScope } from "../protocol/api/tokens";
import type { HttpMethod } from "../protocol/api/routes";

/** Every scope: what users (sessions) and the bootstrap token act with. */
export const ALL_SCOPES: readonly ApiScope[] = ["read", "write", "alerts:ingest"];

/** The scopes that open a route when it declares none: reads need `read`, changes `write`. */
export function defaultScopes(method: HttpMethod): readonly ApiScope[] {
  return method === "GET" ? ["read"] : ["write"];
}

/** A principal with `held` scopes may call a route that accepts any of `accepted`. */
export function scopeAllows(held: readonly ApiScope[], accepted: readonly ApiScope[]): boolean {
  return accepted.some((scope) => held.includes(scope));
}
