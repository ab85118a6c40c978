import "server-only";
import type { Db } from "../store/prisma";
import type { TokenView } from "../protocol/views";
import { AppError } from "../errors";
import { tokenView } from "./api-tokens";
import { displayPrefix, hashSecret, newId, newSecret, sameSecret } from "./secrets";

const LAST_USED_RESOLUTION_MS = 60_000;

export const BOOTSTRAP_AGENT_TOKEN_ID = "bootstrap-agent-token";

/** Returns the id of the enrollment token the agent presented, or null if it is not valid. */
export async function verifyAgentToken(db: Db, token: string, bootstrapToken: string | undefined): Promise<string | null> {
  if (bootstrapToken && sameSecret(token, bootstrapToken)) return BOOTSTRAP_AGENT_TOKEN_ID;
  const row = await db.agentToken.findUnique({ where: { tokenHash: hashSecret(token) } });
  if (!row || row.revokedAt) return null;
  // One token enrolls many agents; a fleet reconnecting at once must not write it once per agent.
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    await db.agentToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } }).catch(() => undefined);
  }
  return row.id;
}

export async function revokedAgentTokenIds(db: Db, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db.agentToken.findMany({ where: { id: { in: ids }, revokedAt: { not: null } }, select: { id: true } });
  return rows.map((row) => row.id);
}

export async function createAgentToken(db: Db, name: string, createdBy: string): Promise<{ item: TokenView; token: string }> {
  const token = newSecret("agent");
  const row = await db.agentToken.create({
    data: { id: newId(), name, tokenHash: hashSecret(token), prefix: displayPrefix(token), createdBy },
  });
  return { item: tokenView(row), token };
}

export async function listAgentTokens(db: Db): Promise<TokenView[]> {
  const rows = await db.agentToken.findMany({ orderBy: { createdAt: "desc" } });
  return rows.map(tokenView);
}

export async function revokeAgentToken(db: Db, id: string): Promise<TokenView> {
  const row = await db.agentToken.findUnique({ where: { id } });
  if (!row) throw new AppError("not_found", `no agent token ${id}`);
  const updated = await db.agentToken.update({ where: { id }, data: { revokedAt: row.revokedAt ?? new Date() } });
  return tokenView(updated);
}
