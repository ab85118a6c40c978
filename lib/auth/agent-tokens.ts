import "server-only";
import type { Db } from "../store/prisma";
import type { AgentTokenView, EnvironmentToken, NewAgentToken } from "../protocol/api/tokens";
import { AppError } from "../errors";
import { findAgentTokenById, insertAgentToken, type AgentTokenRow, listAgentTokenRows, revokedAgentTokens, setAgentTokenRevokedAt, touchAgentToken } from "../store/tokens";
import { findEnrollmentTokenByHash } from "../store/node-identity";
import { tokenView } from "./api-tokens";
import { displayPrefix, hashSecret, newId, newSecret, sameSecret } from "./secrets";

const LAST_USED_RESOLUTION_MS = 60_000;

export const BOOTSTRAP_AGENT_TOKEN_ID = "bootstrap-agent-token";

/** An enrollment token an agent presented, with the limits on what it may enrol and how many connections may present it at once. */
export type EnrollmentToken = { id: string; nodeGlob: string | null; maxNodes: number | null; requireApproval: boolean; maxConnections: number | null };

/** The enrollment token the agent presented; refuses an unknown, revoked or expired one. */
export async function verifyEnrollmentToken(db: Db, token: string, bootstrapToken: string | undefined, now: number): Promise<EnrollmentToken> {
  if (bootstrapToken && sameSecret(token, bootstrapToken)) {
    return { id: BOOTSTRAP_AGENT_TOKEN_ID, nodeGlob: null, maxNodes: null, requireApproval: false, maxConnections: null };
  }
  const row = await findEnrollmentTokenByHash(db, hashSecret(token));
  if (!row || row.revokedAt) throw new AppError("unauthorized", "invalid or revoked agent token");
  if (row.expiresAt && row.expiresAt.getTime() <= now) throw new AppError("unauthorized", "this enrollment token has expired");
  // One token enrolls many agents; a fleet reconnecting at once must not write it once per agent.
  if (!row.lastUsedAt || now - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    await touchAgentToken(db, row.id, new Date(now)).catch(() => undefined);
  }
  return row;
}

export async function revokedAgentTokenIds(db: Db, ids: string[]): Promise<string[]> {
  return revokedAgentTokens(db, ids);
}

export async function createAgentToken(db: Db, input: NewAgentToken, createdBy: string): Promise<{ item: AgentTokenView; token: string }> {
  const expiresAt = input.expiresAt ? new Date(input.expiresAt) : null;
  if (expiresAt && expiresAt.getTime() <= Date.now()) throw new AppError("bad_request", "expiresAt is in the past");
  const token = newSecret("agent");
  const row = await insertAgentToken(db, {
    id: newId(),
    name: input.name,
    tokenHash: hashSecret(token),
    prefix: displayPrefix(token),
    createdBy,
    nodeGlob: input.nodeGlob ?? null,
    maxNodes: input.maxNodes ?? null,
    expiresAt,
    requireApproval: input.requireApproval,
    maxConnections: input.maxConnections ?? null,
  });
  return { item: agentTokenView(row), token };
}

/** VIGIL_AGENT_TOKEN, if set: enrols any node, without limits (verifyEnrollmentToken); shown without its value. */
export function environmentAgentTokens(bootstrapToken: string | undefined): EnvironmentToken[] {
  return bootstrapToken ? [{ variable: "VIGIL_AGENT_TOKEN" }] : [];
}

export async function listAgentTokens(db: Db): Promise<AgentTokenView[]> {
  const rows = await listAgentTokenRows(db);
  return rows.map(agentTokenView);
}

export async function revokeAgentToken(db: Db, id: string): Promise<AgentTokenView> {
  const row = await findAgentTokenById(db, id);
  if (!row) throw new AppError("not_found", `no agent token ${id}`);
  const updated = await setAgentTokenRevokedAt(db, id, row.revokedAt ?? new Date());
  return agentTokenView(updated);
}

function agentTokenView(row: AgentTokenRow): AgentTokenView {
  return {
    ...tokenView(row),
    nodeGlob: row.nodeGlob,
    maxNodes: row.maxNodes,
    expiresAt: row.expiresAt?.toISOString() ?? null,
    requireApproval: row.requireApproval,
    maxConnections: row.maxConnections,
    enrolledNodes: row.enrolledNodes,
  };
}
