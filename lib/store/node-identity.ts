import "server-only";
import { randomBytes } from "node:crypto";
import type { Db } from "./prisma";

/** What Vigil knows of who may speak for a node (issue #12). */
export type NodeIdentityRow = { id: string; credentialHash: string | null; approval: string; enrolledBy: string | null };

/** An enrollment token with its limits. */
export type EnrollmentTokenRow = {
  id: string;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  nodeGlob: string | null;
  maxNodes: number | null;
  expiresAt: Date | null;
  requireApproval: boolean;
  /** Live connections presenting it at once, per instance (null: no limit). */
  maxConnections: number | null;
};

export type EnrollmentClaim = {
  nodeId: string;
  hostname: string;
  /** Null for an agent that cannot keep a credential (protocol 1): admitted, not enrolled. */
  credentialHash: string | null;
  /** The enrollment token (the environment's `VIGIL_AGENT_TOKEN` has no row and no limits). */
  token: { id: string; maxNodes: number | null; requireApproval: boolean };
  now: number;
};

export type EnrollmentOutcome = { kind: "enrolled"; approval: string } | { kind: "already_enrolled" } | { kind: "limit_reached" };

const IDENTITY_COLUMNS = { id: true, credentialHash: true, approval: true, enrolledBy: true } as const;
const ENROLLMENT_COLUMNS = { id: true, revokedAt: true, lastUsedAt: true, nodeGlob: true, maxNodes: true, expiresAt: true, requireApproval: true, maxConnections: true } as const;

/**
 * Identities of many nodes in one query: a connect storm's handshakes are read together, and
 * connected agents are checked against their node's current credential hash (a node without
 * a row was decommissioned).
 */
export async function findNodeIdentities(db: Db, nodeIds: string[]): Promise<Map<string, NodeIdentityRow>> {
  const rows = await db.node.findMany({ where: { id: { in: nodeIds } }, select: IDENTITY_COLUMNS });
  return new Map(rows.map((row) => [row.id, row]));
}

export async function findEnrollmentTokenByHash(db: Db, tokenHash: string): Promise<EnrollmentTokenRow | null> {
  return db.agentToken.findUnique({ where: { tokenHash }, select: ENROLLMENT_COLUMNS });
}

/**
 * Gives a node its credential (or, for a legacy agent, admits it) under an enrollment token: a
 * node that already has a credential is never given another, and a token's node limit holds
 * when many agents enrol at once: on PostgreSQL the first UPDATE locks the token's row until
 * commit, so concurrent enrolments under it count one after another (on SQLite every transaction
 * already runs alone).
 */
export async function enrollNode(db: Db, claim: EnrollmentClaim): Promise<EnrollmentOutcome> {
  const { nodeId, token, now } = claim;
  return db.$transaction(async (tx): Promise<EnrollmentOutcome> => {
    if (token.maxNodes !== null) await tx.agentToken.update({ where: { id: token.id }, data: { lastUsedAt: new Date(now) } });
    const existing = await tx.node.findUnique({ where: { id: nodeId }, select: IDENTITY_COLUMNS });
    if (existing?.credentialHash) return { kind: "already_enrolled" };
    if (token.maxNodes !== null && existing?.enrolledBy !== token.id) {
      // A decommissioned node frees its place under the token.
      const enrolled = await tx.node.count({ where: { enrolledBy: token.id, approval: { not: "decommissioned" } } });
      if (enrolled >= token.maxNodes) return { kind: "limit_reached" };
    }
    if (!existing) {
      const approval = token.requireApproval ? "pending" : "approved";
      await tx.node.create({ data: newNodeRow(claim, approval), select: { id: true } });
      await tx.auditLog.create({ data: enrolmentAudit(claim, approval) });
      return { kind: "enrolled", approval };
    }
    // A node admitted before keeps its approval. Conditional, so a credential set meanwhile by
    // another instance is never overwritten.
    const updated = await tx.node.updateMany({
      where: { id: nodeId, credentialHash: null },
      data: { credentialHash: claim.credentialHash, enrolledAt: claim.credentialHash ? BigInt(now) : null, enrolledBy: token.id },
    });
    if (updated.count === 0) return { kind: "already_enrolled" };
    // A version 1 agent's reconnects admit it again: only a credential is worth an audit row.
    if (claim.credentialHash) await tx.auditLog.create({ data: enrolmentAudit(claim, existing.approval) });
    return { kind: "enrolled", approval: existing.approval };
  }, ENROLMENT_TRANSACTION);
}

/**
 * A connect storm queues enrolments behind ingest for the one SQLite write lock: waiting longer
 * than Prisma's 2 s default to start is normal then (the agent's hello waits 30 s).
 */
const ENROLMENT_TRANSACTION = { maxWait: 25_000, timeout: 25_000 };

/**
 * Enrols many new nodes under tokens without a node limit in one batch (a fleet enrolling after
 * install). All or nothing: if any id exists already, nothing is written and the caller enrols
 * them one by one.
 */
export async function enrollNewNodes(db: Db, claims: EnrollmentClaim[]): Promise<"enrolled" | "conflict"> {
  const approvalOf = (claim: EnrollmentClaim) => (claim.token.requireApproval ? "pending" : "approved");
  try {
    await db.$transaction(async (tx) => {
      await tx.node.createMany({ data: claims.map((claim) => newNodeRow(claim, approvalOf(claim))) });
      await tx.auditLog.createMany({ data: claims.map((claim) => enrolmentAudit(claim, approvalOf(claim))) });
    }, ENROLMENT_TRANSACTION);
    return "enrolled";
  } catch (error) {
    if (error instanceof Error && "code" in error && (error as { code: unknown }).code === "P2002") return "conflict";
    throw error;
  }
}

function newNodeRow(claim: EnrollmentClaim, approval: string) {
  const at = BigInt(claim.now);
  return {
    id: claim.nodeId,
    hostname: claim.hostname,
    stateSince: at,
    firstSeenAt: at,
    credentialHash: claim.credentialHash,
    enrolledAt: claim.credentialHash ? at : null,
    enrolledBy: claim.token.id,
    approval,
  };
}

function enrolmentAudit(claim: EnrollmentClaim, approval: string) {
  return {
    at: BigInt(claim.now),
    actor: `enrollment-token:${claim.token.id}`,
    action: "node.enrol",
    target: claim.nodeId,
    outcome: claim.credentialHash ? "credential issued" : "admitted without credential (agent protocol 1)",
    detail: approval === "pending" ? "waits for approval" : null,
  };
}

/** Approval undecided or refused; a decommissioned node is left out: only an admin's credential reset lets it back. */
const UNDECIDED = ["pending", "rejected"];

/** A node that waits for, or was refused, an operator's approval. */
export type EnrollmentRow = { id: string; hostname: string; approval: string; enrolledAt: number | null; enrolledBy: string | null; firstSeenAt: number };

export async function listEnrollmentRows(db: Db): Promise<EnrollmentRow[]> {
  const rows = await db.node.findMany({
    where: { approval: { in: UNDECIDED } },
    orderBy: { firstSeenAt: "desc" },
    take: 1000,
    select: { id: true, hostname: true, approval: true, enrolledAt: true, enrolledBy: true, firstSeenAt: true },
  });
  return rows.map((row) => ({ ...row, enrolledAt: row.enrolledAt === null ? null : Number(row.enrolledAt), firstSeenAt: Number(row.firstSeenAt) }));
}

/** Approves or rejects a node that is not approved yet (audited); false when there is no such node. */
export async function decideEnrollment(db: Db, nodeId: string, approval: "approved" | "rejected", by: string, now: number): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const updated = await tx.node.updateMany({ where: { id: nodeId, approval: { in: UNDECIDED } }, data: { approval } });
    if (updated.count === 0) return false;
    await tx.auditLog.create({ data: { at: BigInt(now), actor: by, action: approval === "approved" ? "node.approve" : "node.reject", target: nodeId, outcome: "ok" } });
    return true;
  });
}

/**
 * Forgets a node's credential (its agent must enrol again with an enrollment token); audited. A
 * decommissioned node is approved again by it: the reset is how an admin lets it back in.
 */
export async function resetNodeCredential(db: Db, nodeId: string, by: string, now: number): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const node = await tx.node.findUnique({ where: { id: nodeId }, select: { approval: true } });
    if (!node) return false;
    const readmitted = node.approval === "decommissioned";
    await tx.node.update({ where: { id: nodeId }, data: { credentialHash: null, enrolledAt: null, ...(readmitted ? { approval: "approved" } : {}) } });
    const detail = readmitted ? "was decommissioned: may enrol again" : null;
    await tx.auditLog.create({ data: { at: BigInt(now), actor: by, action: "node.credential-reset", target: nodeId, outcome: "ok", detail } });
    return true;
  });
}

const CLUSTER_ID_KEY = "cluster.id";

/**
 * This installation's random id, made once and kept in its database: a reinstall or a new
 * database gets a new one, so agents never mistake its commands for an older installation's.
 */
export async function loadOrCreateClusterId(db: Db): Promise<string> {
  const candidate = randomBytes(9).toString("base64url");
  try {
    await db.jobState.upsert({ where: { key: CLUSTER_ID_KEY }, create: { key: CLUSTER_ID_KEY, value: candidate }, update: {} });
  } catch (error) {
    // Two instances starting at once: one creates it, the other reads it.
    if (!(error instanceof Error && "code" in error && (error as { code: unknown }).code === "P2002")) throw error;
  }
  const row = await db.jobState.findUnique({ where: { key: CLUSTER_ID_KEY } });
  if (!row) throw new Error("the cluster id could not be stored");
  return row.value;
}

export type DecommissionRequest = {
  nodeId: string;
  by: string;
  reason: string | null;
  now: number;
  /** What the force overrode (the group it leads); null when nothing was forced. */
  forced: string | null;
};
export type DecommissionOutcome = { kind: "decommissioned" } | { kind: "not_found" } | { kind: "not_approved"; approval: string };

/**
 * Takes an approved node out of the fleet for good. The row stays as a tombstone without a
 * credential, so its history (kept until retention) still has an owner and its agent is refused;
 * audited with who, the reason and whether it was forced.
 */
export async function decommissionNode(db: Db, request: DecommissionRequest): Promise<DecommissionOutcome> {
  const { nodeId, by, reason, now, forced } = request;
  return db.$transaction(async (tx): Promise<DecommissionOutcome> => {
    // Conditional, so two operators decommissioning at once write one audit row.
    const updated = await tx.node.updateMany({
      where: { id: nodeId, approval: "approved" },
      data: { approval: "decommissioned", credentialHash: null, enrolledAt: null, connected: false },
    });
    if (updated.count === 0) {
      const node = await tx.node.findUnique({ where: { id: nodeId }, select: { approval: true } });
      return node ? { kind: "not_approved", approval: node.approval } : { kind: "not_found" };
    }
    const outcome = forced ? `forced: ${forced}` : "ok";
    await tx.auditLog.create({ data: { at: BigInt(now), actor: by, action: "node.decommission", target: nodeId, outcome, detail: reason } });
    return { kind: "decommissioned" };
  });
}
