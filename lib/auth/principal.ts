import "server-only";
import { AppError } from "../errors";
import { ROLES, type Role } from "../protocol/common";

/** Who is asking: a logged-in user or an API token. */
export type Principal = { kind: "user" | "token"; id: string; name: string; role: Role };

export function hasRole(principal: Principal, needed: Role): boolean {
  return ROLES.indexOf(principal.role) >= ROLES.indexOf(needed);
}

export function requireRole(principal: Principal | null, needed: Role): Principal {
  if (!principal) throw new AppError("unauthorized", "authentication required");
  if (!hasRole(principal, needed)) throw new AppError("forbidden", `requires the ${needed} role`);
  return principal;
}
