import "server-only";
import { AppError } from "../errors";
import type { ApiScope } from "../protocol/api/tokens";
import { ROLES, type Role } from "../protocol/common";
import { ALL_SCOPES, scopeAllows } from "./scopes";

/** Who is asking: a logged-in user or an API token. `scopes` absent = every scope (users). */
export type Principal = { kind: "user" | "token"; id: string; name: string; role: Role; scopes?: readonly ApiScope[] };

export function hasRole(principal: Principal, needed: Role): boolean {
  return ROLES.indexOf(principal.role) >= ROLES.indexOf(needed);
}

export function requireRole(principal: Principal | null, needed: Role): Principal {
  if (!principal) throw new AppError("unauthorized", "authentication required");
  if (!hasRole(principal, needed)) throw new AppError("forbidden", `requires the ${needed} role`);
  return principal;
}

/** The role is necessary, not sufficient: a token also needs one of the scopes the route accepts. */
export function requireScope(principal: Principal, accepted: readonly ApiScope[]): void {
  if (scopeAllows(principal.scopes ?? ALL_SCOPES, accepted)) return;
  throw new AppError("forbidden", `this token's scopes (${(principal.scopes ?? []).join(", ")}) do not include ${accepted.join(" or ")}`);
}
