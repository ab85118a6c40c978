import "server-only";
import type { Db } from "./prisma";

/** Tokens are stored by the hash of their secret only; `prefix` is what operators see. */
type TokenRow = { id: string; name: string; prefix: string; createdAt: Date; lastUsedAt: Date | null; revokedAt: Date | null };
export type ApiTokenRow = TokenRow & { role: string; scopes: string };
export type AgentTokenRow = TokenRow & {
  nodeGlob: string | null;
  maxNodes: number | null;
  expiresAt: Date | null;
  requireApproval: boolean;
  maxConnections: number | null;
  /** Nodes this token enrolled (or admitted, for version 1 agents). */
  enrolledNodes: number;
};
export type NewTokenRow = { id: string; name: string; tokenHash: string; prefix: string; createdBy: string };
export type NewAgentTokenRow = NewTokenRow & { nodeGlob: string | null; maxNodes: number | null; expiresAt: Date | null; requireApproval: boolean; maxConnections: number | null };

const TOKEN_COLUMNS = { id: true, name: true, prefix: true, createdAt: true, lastUsedAt: true, revokedAt: true } as const;
const AGENT_TOKEN_COLUMNS = { ...TOKEN_COLUMNS, nodeGlob: true, maxNodes: true, expiresAt: true, requireApproval: true, maxConnections: true } as const;

async function withEnrolledCounts(db: Db, rows: Omit<AgentTokenRow, "enrolledNodes">[]): Promise<AgentTokenRow[]> {
  if (rows.length === 0) return [];
  // Decommissioned nodes no longer hold a place under their token's maxNodes (enrollNode counts the same way).
  const where = { enrolledBy: { in: rows.map((row) => row.id) }, approval: { not: "decommissioned" } };
  const counts = await db.node.groupBy({ by: ["enrolledBy"], where, _count: { _all: true } });
  const byToken = new Map(counts.map((count) => [count.enrolledBy, count._count._all]));
  return rows.map((row) => ({ ...row, enrolledNodes: byToken.get(row.id) ?? 0 }));
}

export async function findAgentTokenById(db: Db, id: string): Promise<AgentTokenRow | null> {
  const row = await db.agentToken.findUnique({ where: { id }, select: AGENT_TOKEN_COLUMNS });
  return row ? (await withEnrolledCounts(db, [row]))[0] : null;
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

export async function insertAgentToken(db: Db, token: NewAgentTokenRow): Promise<AgentTokenRow> {
  const row = await db.agentToken.create({ data: token, select: AGENT_TOKEN_COLUMNS });
  return { ...row, enrolledNodes: 0 };
}

export async function listAgentTokenRows(db: Db): Promise<AgentTokenRow[]> {
  return withEnrolledCounts(db, await db.agentToken.findMany({ orderBy: { createdAt: "desc" }, select: AGENT_TOKEN_COLUMNS }));
}

export async function setAgentTokenRevokedAt(db: Db, id: string, revokedAt: Date): Promise<AgentTokenRow> {
  const row = await db.agentToken.update({ where: { id }, data: { revokedAt }, select: AGENT_TOKEN_COLUMNS });
  return (await withEnrolledCounts(db, [row]))[0];
}

const API_TOKEN_COLUMNS = { ...TOKEN_COLUMNS, role: true, scopes: true } as const;

export async function findApiTokenByHash(db: Db, tokenHash: string): Promise<ApiTokenRow | null> {
  return db.apiToken.findUnique({ where: { tokenHash }, select: API_TOKEN_COLUMNS });
}

export async function findApiTokenById(db: Db, id: string): Promise<ApiTokenRow | null> {
  return db.apiToken.findUnique({ where: { id }, select: API_TOKEN_COLUMNS });
}

export async function touchApiToken(db: Db, id: string, at: Date): Promise<void> {
  await db.apiToken.update({ where: { id }, data: { lastUsedAt: at } });
}

export async function insertApiToken(db: Db, token: NewTokenRow & { role: string; scopes: string }): Promise<ApiTokenRow> {
  return db.apiToken.create({ data: token, select: API_TOKEN_COLUMNS });
}

export async function listApiTokenRows(db: Db): Promise<ApiTokenRow[]> {
  return db.apiToken.findMany({ orderBy: { createdAt: "desc" }, select: API_TOKEN_COLUMNS });
}

export async function setApiTokenRevokedAt(db: Db, id: string, revokedAt: Date): Promise<ApiTokenRow> {
  return db.apiToken.update({ where: { id }, data: { revokedAt }, select: API_TOKEN_COLUMNS });
}
