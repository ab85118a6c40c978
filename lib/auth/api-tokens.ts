import "server-only";
import type { Db } from "../store/prisma";
import type { Principal } from "./principal";
import type { Role } from "../protocol/common";
import type { TokenView } from "../protocol/views";
import { AppError } from "../errors";
import { roleSchema } from "../protocol/common";
import { displayPrefix, hashSecret, newId, newSecret, sameSecret } from "./secrets";

type TokenRow = {
  id: string;
  name: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  role?: string;
};

export function tokenView(row: TokenRow): TokenView {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    ...(row.role ? { role: roleSchema.parse(row.role) } : {}),
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

export const BOOTSTRAP_API_TOKEN_ID = "bootstrap-api-token";

export async function principalFromApiToken(db: Db, token: string, bootstrapToken: string | undefined): Promise<Principal | null> {
  if (bootstrapToken && sameSecret(token, bootstrapToken)) {
    return { kind: "token", id: BOOTSTRAP_API_TOKEN_ID, name: "VIGIL_API_TOKEN", role: "admin" };
  }
  const row = await db.apiToken.findUnique({ where: { tokenHash: hashSecret(token) } });
  if (!row || row.revokedAt) return null;
  await db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } }).catch(() => undefined);
  return { kind: "token", id: row.id, name: row.name, role: roleSchema.parse(row.role) };
}

export async function createApiToken(db: Db, input: { name: string; role: Role }, createdBy: string): Promise<{ item: TokenView; token: string }> {
  const token = newSecret("api");
  const row = await db.apiToken.create({
    data: { id: newId(), name: input.name, role: input.role, tokenHash: hashSecret(token), prefix: displayPrefix(token), createdBy },
  });
  return { item: tokenView(row), token };
}

export async function listApiTokens(db: Db): Promise<TokenView[]> {
  const rows = await db.apiToken.findMany({ orderBy: { createdAt: "desc" } });
  return rows.map(tokenView);
}

export async function revokeApiToken(db: Db, id: string): Promise<TokenView> {
  const row = await db.apiToken.findUnique({ where: { id } });
  if (!row) throw new AppError("not_found", `no API token ${id}`);
  const updated = await db.apiToken.update({ where: { id }, data: { revokedAt: row.revokedAt ?? new Date() } });
  return tokenView(updated);
}
