import "server-only";
import type { Db } from "../store/prisma";
import type { Principal } from "./principal";
import type { ApiScope, EnvironmentToken, NewApiToken } from "../protocol/api/tokens";
import type { TokenView } from "../protocol/views";
import { AppError } from "../errors";
import { apiScopesSchema } from "../protocol/api/tokens";
import { roleSchema } from "../protocol/common";
import { findApiTokenByHash, findApiTokenById, insertApiToken, listApiTokenRows, setApiTokenRevokedAt, touchApiToken } from "../store/tokens";
import { ALL_SCOPES } from "./scopes";
import { displayPrefix, hashSecret, newId, newSecret, sameSecret } from "./secrets";

type TokenRow = {
  id: string;
  name: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  role?: string;
  scopes?: string;
};

export function tokenView(row: TokenRow): TokenView {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    ...(row.role ? { role: roleSchema.parse(row.role) } : {}),
    ...(row.scopes !== undefined ? { scopes: parseScopes(row.scopes) } : {}),
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

/** A stored scope list that does not parse grants nothing rather than everything. */
function parseScopes(stored: string): ApiScope[] {
  try {
    const parsed = apiScopesSchema.safeParse(JSON.parse(stored));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}

export const BOOTSTRAP_API_TOKEN_ID = "bootstrap-api-token";

export async function principalFromApiToken(db: Db, token: string, bootstrapToken: string | undefined): Promise<Principal | null> {
  if (bootstrapToken && sameSecret(token, bootstrapToken)) {
    return { kind: "token", id: BOOTSTRAP_API_TOKEN_ID, name: "VIGIL_API_TOKEN", role: "admin" };
  }
  const row = await findApiTokenByHash(db, hashSecret(token));
  if (!row || row.revokedAt) return null;
  await touchApiToken(db, row.id, new Date()).catch(() => undefined);
  return { kind: "token", id: row.id, name: row.name, role: roleSchema.parse(row.role), scopes: parseScopes(row.scopes) };
}

export async function createApiToken(db: Db, input: NewApiToken, createdBy: string): Promise<{ item: TokenView; token: string }> {
  const token = newSecret("api");
  const row = await insertApiToken(db, {
    id: newId(),
    name: input.name,
    role: input.role,
    scopes: JSON.stringify(input.scopes),
    tokenHash: hashSecret(token),
    prefix: displayPrefix(token),
    createdBy,
  });
  return { item: tokenView(row), token };
}

/** VIGIL_API_TOKEN, if set: an admin with every scope (principalFromApiToken), shown without its value. */
export function environmentApiTokens(bootstrapToken: string | undefined): EnvironmentToken[] {
  return bootstrapToken ? [{ variable: "VIGIL_API_TOKEN", role: "admin", scopes: [...ALL_SCOPES] }] : [];
}

export async function listApiTokens(db: Db): Promise<TokenView[]> {
  const rows = await listApiTokenRows(db);
  return rows.map(tokenView);
}

export async function revokeApiToken(db: Db, id: string): Promise<TokenView> {
  const row = await findApiTokenById(db, id);
  if (!row) throw new AppError("not_found", `no API token ${id}`);
  const updated = await setApiTokenRevokedAt(db, id, row.revokedAt ?? new Date());
  return tokenView(updated);
}
