import "server-only";
import type { Db } from "../store/prisma";
import type { AgentHandshake } from "../protocol/agent";
import { AppError } from "../errors";
import type { EnrollmentView } from "../protocol/api/nodes";
import { decideEnrollment, enrollNewNodes, enrollNode, findNodeIdentities, type EnrollmentClaim, type EnrollmentOutcome, listEnrollmentRows, resetNodeCredential, type NodeIdentityRow } from "../store/node-identity";
import { coalescePerKey } from "../scheduling/coalesce";
import { verifyEnrollmentToken } from "./agent-tokens";
import { matchesNodeGlob } from "./node-glob";
import { hashSecret, newSecret, sameSecret } from "./secrets";

/**
 * Who an agent connection speaks for, decided at the handshake (issue #12). A node with a
 * credential is spoken for by that credential alone; an enrollment token only buys an identity
 * for a node that has none yet, within the token's limits.
 */
export type AgentIdentity =
  | {
      kind: "credential";
      nodeId: string;
      credentialHash: string;
      /** The token that enrolled the node, already read at the handshake: its agent shares that token's byte budget. */
      enrolledBy?: string | null;
    }
  | {
      kind: "enrollment";
      nodeId: string;
      tokenId: string;
      limits: { maxNodes: number | null; requireApproval: boolean; maxConnections: number | null };
      /** A version 2 agent keeps a credential; a version 1 agent is admitted with the token alone. */
      issuesCredential: boolean;
      /** What the handshake found: nothing yet, or a node admitted without a credential. */
      existing: NodeIdentityRow | null;
    };

const ENROLLED_HINT =
  "this node id has its own credential; an operator can reset it (Nodes page, or POST /api/v1/nodes/{id}/credential/reset) for a rebuilt host to enrol again";

/** Decides who a handshake speaks for, or refuses it with a code the agent acts on. */
export async function authenticateAgent(db: Db, auth: AgentHandshake, bootstrapToken: string | undefined, now: number): Promise<AgentIdentity> {
  const node = await identityLoaderOf(db)(auth.nodeId);
  if (auth.credential !== undefined) {
    if (node?.approval === "decommissioned") refuseUnapproved(node.approval, auth.nodeId);
    if (!node?.credentialHash) {
      throw new AppError("unknown_credential", `Vigil holds no credential for node ${auth.nodeId} (reset, or a new database): enrol again with the enrollment token`);
    }
    if (!sameSecret(hashSecret(auth.credential), node.credentialHash)) throw new AppError("unauthorized", `wrong credential for node ${auth.nodeId}`);
    refuseUnapproved(node.approval, auth.nodeId);
    return { kind: "credential", nodeId: auth.nodeId, credentialHash: node.credentialHash, enrolledBy: node.enrolledBy };
  }
  const token = await verifyEnrollmentToken(db, auth.token ?? "", bootstrapToken, now);
  if (node?.credentialHash) throw new AppError("node_enrolled", `node ${auth.nodeId} is enrolled: ${ENROLLED_HINT}`);
  if (token.nodeGlob !== null && !matchesNodeGlob(token.nodeGlob, auth.nodeId)) {
    throw new AppError("enrollment_refused", `this enrollment token may only enrol node ids matching "${token.nodeGlob}"`);
  }
  if (node) refuseUnapproved(node.approval, auth.nodeId);
  return {
    kind: "enrollment",
    nodeId: auth.nodeId,
    tokenId: token.id,
    limits: { maxNodes: token.maxNodes, requireApproval: token.requireApproval, maxConnections: token.maxConnections },
    issuesCredential: auth.protocol >= 2,
    existing: node,
  };
}

/**
 * Completes an enrollment on the agent's hello: the node gets its credential (answered once,
 * stored hashed) or, for a version 1 agent, is admitted under the token. Refused when another
 * connection enrolled the node first or the token's node limit is reached.
 */
export async function completeEnrollment(
  db: Db,
  identity: Extract<AgentIdentity, { kind: "enrollment" }>,
  hostname: string,
  now: number,
): Promise<{ credential: string | null; pending: boolean }> {
  const { existing } = identity;
  // A version 1 agent reconnecting as the node its token already admitted: nothing changes.
  if (!identity.issuesCredential && existing?.enrolledBy === identity.tokenId) return { credential: null, pending: existing.approval === "pending" };
  const credential = identity.issuesCredential ? newSecret("node") : null;
  const claim = { nodeId: identity.nodeId, hostname, credentialHash: credential ? hashSecret(credential) : null, token: { id: identity.tokenId, ...identity.limits }, now };
  // A new node under a token without a node limit (a fleet enrolling after install) is written
  // with the others enrolling at the same moment; anything else in its own transaction.
  const outcome = existing === null && claim.token.maxNodes === null ? await enrolmentBatcherOf(db)(claim) : await enrollNode(db, claim);
  if (outcome.kind === "already_enrolled") throw new AppError("node_enrolled", `node ${identity.nodeId} is enrolled: ${ENROLLED_HINT}`);
  if (outcome.kind === "limit_reached") {
    throw new AppError("enrollment_refused", `this enrollment token has enrolled its limit of ${identity.limits.maxNodes} nodes`);
  }
  return { credential, pending: outcome.approval === "pending" };
}

const MAX_PER_BATCH = 500;
/**
 * New nodes enrolling at the same moment are written together; if any id exists by now (another
 * instance, a racing connection), each of the batch decides alone.
 */
const enrolmentBatcherOf = coalescePerKey(MAX_PER_BATCH, async (db: Db, claims: EnrollmentClaim[]): Promise<EnrollmentOutcome[]> => {
  const unique = new Set(claims.map((claim) => claim.nodeId)).size === claims.length;
  if (unique && (await enrollNewNodes(db, claims)) === "enrolled") {
    return claims.map((claim) => ({ kind: "enrolled", approval: claim.token.requireApproval ? "pending" : "approved" }));
  }
  const outcomes: EnrollmentOutcome[] = [];
  for (const claim of claims) outcomes.push(await enrollNode(db, claim));
  return outcomes;
});

/** Handshake identities read together: a fleet reconnecting at once costs a few queries, not one per agent. */
const identityLoaderOf = coalescePerKey(MAX_PER_BATCH, async (db: Db, nodeIds: string[]) => {
  const rows = await findNodeIdentities(db, [...new Set(nodeIds)]);
  return nodeIds.map((nodeId) => rows.get(nodeId) ?? null);
});

function refuseUnapproved(approval: string, nodeId: string): void {
  if (approval === "pending") {
    throw new AppError("pending_approval", `node ${nodeId} waits for an operator's approval (Nodes page, or POST /api/v1/enrollments/${nodeId}/approve)`);
  }
  if (approval === "rejected") throw new AppError("enrollment_refused", `an operator rejected node ${nodeId}`);
  if (approval === "decommissioned") {
    throw new AppError(
      "enrollment_refused",
      `node ${nodeId} was decommissioned; an admin's credential reset (Nodes page, or POST /api/v1/nodes/${nodeId}/credential/reset) lets it enrol again`,
    );
  }
}

export async function listEnrollments(db: Db): Promise<{ items: EnrollmentView[] }> {
  const rows = await listEnrollmentRows(db);
  return { items: rows.map((row) => ({ ...row, approval: row.approval === "rejected" ? "rejected" : "pending" })) };
}

/** An operator's decision on a pending node; an approved node's agent joins on its next connect. */
export async function decideNodeEnrollment(db: Db, nodeId: string, approval: "approved" | "rejected", by: string): Promise<{ id: string; approval: "approved" | "rejected" }> {
  if (!(await decideEnrollment(db, nodeId, approval, by, Date.now()))) throw new AppError("not_found", `no node ${nodeId} waiting for approval`);
  return { id: nodeId, approval };
}

/** For a rebuilt host, or a leaked credential: the node's agent must enrol again; connected agents holding the old one are cut off. */
export async function resetCredential(db: Db, nodeId: string, by: string): Promise<{ id: string; reset: true }> {
  if (!(await resetNodeCredential(db, nodeId, by, Date.now()))) throw new AppError("not_found", `no node ${nodeId}`);
  return { id: nodeId, reset: true };
}
