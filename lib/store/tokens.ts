import "server-only";
import type { Db } from "./prisma";

/** Tokens are stored by the hash of their secret only; `prefix` is what operators see. */
export type AgentTokenRow = { id: string; name: string; prefix: string; createdAt: Date; lastUsedAt: Date | null; revokedAt: Date | null };
export type ApiTokenRow = AgentTokenRow & { role: string };
export type NewTokenRow = { id: string; name: string; tokenHash: string; prefix: string; createdBy: string };

const TOKEN_COLUMNS = { id: true, name: true, prefix: true, createdAt: true, lastUsedAt: true, revokedAt: true } as const;

export async function findAgentTokenByHash(db: Db, tokenHash: string): Promise<AgentTokenRow | null> {
  return db.agentToken.findUnique({ where: { tokenHash }, select: TOKEN_COLUMNS });
}

export async function findAgentTokenById(db: Db, id: string): Promise<AgentTokenRow | null> {
  return db.agentToken.findUnique({ where: { id }, select: TOKEN_COLUMNS });
}

export async function touchAgentToken(db: Db, id: string, at: Date): Promise<void> {
  await db.agentToken.update({ where: { id }, data: { lastUsedAt: at } });
}

/** Which of `ids` are revoked. */
export async function revokedAgentTokens(db: Db, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db.agentToken.findMany({ where: { id: { in: ids }, revokedAt: { not: null } }, select: { id: true } });
  return rows.map((row) => row.id);
}

export async function insertAgentToken(db: Db, token: NewTokenRow): Promise<AgentTokenRow> {
  return db.agentToken.create({ data: token, select: TOKEN_COLUMNS });
}

export async function listAgentTokenRows(db: Db): Promise<AgentTokenRow[]> {
  return db.agentToken.findMany({ orderBy: { createdAt: "desc" }, select: TOKEN_COLUMNS });
}

export async function setAgentTokenRevokedAt(db: Db, id: string, revokedAt: Date): Promise<AgentTokenRow> {
  return db.agentToken.update({ where: { id }, data: { revokedAt }, select: TOKEN_COLUMNS });
}

const API_TOKEN_COLUMNS = { ...TOKEN_COLUMNS, role: true } as const;

export async function findApiTokenByHash(db: Db, tokenHash: string): Promise<ApiTokenRow | null> {
  return db.apiToken.findUnique({ where: { tokenHash }, select: API_TOKEN_COLUMNS });
}

export async function findApiTokenById(db: Db, id: string): Promise<ApiTokenRow | null> {
  return db.apiToken.findUnique({ where: { id }, select: API_TOKEN_COLUMNS });
}

export async function touchApiToken(db: Db, id: string, at: Date): Promise<void> {
  await db.apiToken.update({ where: { id }, data: { lastUsedAt: at } });
}

export async function insertApiToken(db: Db, token: NewTokenRow & { role: string }): Promise<ApiTokenRow> {
  return db.apiToken.create({ data: token, select: API_TOKEN_COLUMNS });
}

export async function listApiTokenRows(db: Db): Promise<ApiTokenRow[]> {
  return db.apiToken.findMany({ orderBy: { createdAt: "desc" }, select: API_TOKEN_COLUMNS });
}

export async function setApiTokenRevokedAt(db: Db, id: string, revokedAt: Date): Promise<ApiTokenRow> {
  return db.apiToken.update({ where: { id }, data: { revokedAt }, select: API_TOKEN_COLUMNS });
}
