import "server-only";
import type { Db } from "../store/prisma";
import type { NodeDecommission, NodeDecommissionBody } from "../protocol/api/nodes";
import type { Principal } from "./principal";
import { AppError } from "../errors";
import { liveView } from "../fleet/live-view";
import { decommissionNode as storeDecommission } from "../store/node-identity";
import { currentNodeViews } from "../store/nodes";
import { listReplicaGroups } from "../store/replication";
import { applyRingChange, currentRingEpoch } from "../store/ring";
import { requireRole } from "./principal";

/**
 * Takes a node out of Vigil for good (issue #12): out of detection, replica and load groups,
 * guards, failover rankings and the ring, its agent cut off and refused until an admin resets
 * its credential. Refused for the primary Vigil recognises in a replica group, unless an admin
 * forces it: without it the group has no primary Vigil watches, so nothing would fail it over.
 */
export async function decommissionNode(db: Db, nodeId: string, body: NodeDecommissionBody, principal: Principal): Promise<NodeDecommission> {
  if (body.force) requireRole(principal, "admin");
  const now = Date.now();
  const { items: groups } = await listReplicaGroups(db, now);
  const group = groups.find((candidate) => candidate.members.some((member) => member.nodeId === nodeId));
  // A group's only member leaves nobody behind to fail over to.
  const leads = group && !group.implicit && group.primaryId === nodeId && group.memberCount > 1 ? group.id : null;
  if (leads && !body.force) {
    throw new AppError(
      "conflict",
      `node ${nodeId} is the current primary of replica group ${leads}: fail over first (promote a replica, POST /api/v1/actions) and decommission it then, ` +
        `or an admin decommissions it with force, leaving ${leads} without a primary Vigil watches (no automatic failover)`,
    );
  }
  const outcome = await storeDecommission(db, { nodeId, by: principal.name, reason: body.reason || null, now, forced: leads && `primary of replica group ${leads}` });
  if (outcome.kind === "not_found") throw new AppError("not_found", `no node ${nodeId}`);
  if (outcome.kind === "not_approved") {
    if (outcome.approval === "decommissioned") throw new AppError("not_found", `node ${nodeId} was decommissioned already`);
    throw new AppError("conflict", `node ${nodeId} is ${outcome.approval}, not in the fleet: decide its enrollment instead (POST /api/v1/enrollments/${nodeId}/reject)`);
  }
  liveView()?.decommission(nodeId);
  return { id: nodeId, decommissioned: true, forced: leads !== null, leftRing: await leaveRing(db, group?.id ?? nodeId, nodeId, principal.name, now) };
}

/**
 * The node's ring group leaves the ring when nobody else serves it (always for a node without a
 * group: the group is the node). The decommission stands if this fails; the Ring page can finish it.
 */
async function leaveRing(db: Db, groupId: string, nodeId: string, by: string, now: number): Promise<string | null> {
  const ring = await currentRingEpoch(db);
  // A ring keeps at least one group.
  if (!ring || ring.membership.groups.length < 2 || !ring.membership.groups.some((g) => g.id === groupId)) return null;
  if ((await currentNodeViews(db)).some((node) => (node.group ?? node.id) === groupId)) return null;
  try {
    await applyRingChange(db, { remove: [groupId] }, by, `decommission of ${nodeId}`, now);
    return groupId;
  } catch (error) {
    console.warn(`[decommission] ${groupId} stays on the ring:`, error instanceof Error ? error.message : error);
    return null;
  }
}
