import "server-only";
import type { Db } from "../store/prisma";
import type { TokenView } from "../protocol/views";
import { AppError } from "../errors";
import { findAgentTokenByHash, findAgentTokenById, insertAgentToken, listAgentTokenRows, revokedAgentTokens, setAgentTokenRevokedAt, touchAgentToken } from "../store/tokens";
import { tokenView } from "./api-tokens";
import { displayPrefix, hashSecret, newId, newSecret, sameSecret } from "./secrets";

const LAST_USED_RESOLUTION_MS = 60_000;

export const BOOTSTRAP_AGENT_TOKEN_ID = "bootstrap-agent-token";

/** Returns the id of the enrollment token the agent presented, or null if it is not valid. */
export async function verifyAgentToken(db: Db, token: string, bootstrapToken: string | undefined): Promise<string | null> {
  if (bootstrapToken && sameSecret(token, bootstrapToken)) return BOOTSTRAP_AGENT_TOKEN_ID;
  const row = await findAgentTokenByHash(db, hashSecret(token));
  if (!row || row.revokedAt) return null;
  // One token enrolls many agents; a fleet reconnecting at once must not write it once per agent.
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    await touchAgentToken(db, row.id, new Date()).catch(() => undefined);
  }
  return row.id;
}

export async function revokedAgentTokenIds(db: Db, ids: string[]): Promise<string[]> {
  return revokedAgentTokens(db, ids);
}

export async function createAgentToken(db: Db, name: string, createdBy: string): Promise<{ item: TokenView; token: string }> {
  const token = newSecret("agent");
  const row = await insertAgentToken(db, { id: newId(), name, tokenHash: hashSecret(token), prefix: displayPrefix(token), createdBy });
  return { item: tokenView(row), token };
}

export async function listAgentTokens(db: Db): Promise<TokenView[]> {
  const rows = await listAgentTokenRows(db);
  return rows.map(tokenView);
}

export async function revokeAgentToken(db: Db, id: string): Promise<TokenView> {
  const row = await findAgentTokenById(db, id);
  if (!row) throw new AppError("not_found", `no agent token ${id}`);
  const updated = await setAgentTokenRevokedAt(db, id, row.revokedAt ?? new Date());
  return tokenView(updated);
}
