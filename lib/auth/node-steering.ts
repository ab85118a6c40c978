import "server-only";
import type { Db } from "../store/prisma";
import type { Hello } from "../protocol/agent";
import type { NodeSteeringView } from "../protocol/api/nodes";
import { AppError } from "../errors";
import { liveView } from "../fleet/live-view";
import { coalescePerKey } from "../scheduling/coalesce";
import { findSteeringRecords, recordSteeringReport, updateSteering, type SteeringRecord } from "../store/node-steering";
import { applyProposal, decideSteering, describeChanges, steeringOfHello, withSteering, STEERING_KEYS, type PinnedSteering } from "./steering";

const MAX_PER_BATCH = 500;

/** Read together: a fleet reconnecting at once costs a few queries, not one per agent. */
const steeringLoaderOf = coalescePerKey(MAX_PER_BATCH, async (db: Db, nodeIds: string[]): Promise<(SteeringRecord | null)[]> => {
  const records = await findSteeringRecords(db, [...new Set(nodeIds)]);
  return nodeIds.map((nodeId) => records.get(nodeId) ?? null);
});

/**
 * The hello as Vigil takes it: what steers recovery comes from the record, the operator's pins
 * and the agent's report as lib/auth/steering decides; a change is audited, or held.
 */
export async function admitHello(db: Db, nodeId: string, hello: Hello, now: number): Promise<Hello> {
  const record = await steeringLoaderOf(db)(nodeId);
  if (!record) return hello;
  const decision = decideSteering({ recorded: record.recorded, pinned: record.pinned, reported: steeringOfHello(hello), holdChanges: record.holdChanges });
  // A reconnect repeating the same held report is not news: write only what changed.
  const heldBefore = JSON.stringify(record.proposed?.values ?? null);
  if (decision.changes.length > 0 || JSON.stringify(decision.held) !== heldBefore) {
    await recordSteeringReport(db, nodeId, { changes: decision.changes, held: decision.held }, now);
  }
  return withSteering(hello, decision.effective);
}

/** An operator pins steering attributes (the whole set: keys left out are unpinned); audited. */
export async function pinSteering(db: Db, nodeId: string, pins: PinnedSteering, by: string): Promise<NodeSteeringView> {
  const outcome = await updateSteering(
    db,
    nodeId,
    (record) => {
      const recorded = record.recorded ?? { zone: null, group: null, role: null, weight: 1, priority: null };
      const effective = { ...recorded, ...pins };
      const proposed = record.proposed ? withoutKeys(record.proposed, Object.keys(pins)) : null;
      const detail = STEERING_KEYS.filter((key) => key in pins).map((key) => `${key}=${JSON.stringify(pins[key])}`).join(", ") || "all unpinned";
      return { effective, pinned: pins, proposed, audit: { action: "node.steering-pinned", detail } };
    },
    by,
    Date.now(),
  );
  return afterUpdate(db, nodeId, outcome);
}

/** An operator's decision on a change the agent reported under a token with manual approval. */
export async function decideSteeringProposal(db: Db, nodeId: string, decision: "approve" | "reject", by: string): Promise<NodeSteeringView> {
  const outcome = await updateSteering(
    db,
    nodeId,
    (record) => {
      if (!record.proposed || !record.recorded) return null;
      if (decision === "reject") {
        return { effective: record.recorded, pinned: record.pinned, proposed: null, audit: { action: "node.steering-rejected", detail: JSON.stringify(record.proposed.values) } };
      }
      const { effective, changes } = applyProposal(record.recorded, record.pinned, record.proposed.values);
      return { effective, pinned: record.pinned, proposed: null, audit: { action: "node.steering-approved", detail: describeChanges(changes) || "no change left after pins" } };
    },
    by,
    Date.now(),
  );
  if (outcome === "unchanged") throw new AppError("not_found", `node ${nodeId} has no reported change waiting for approval`);
  return afterUpdate(db, nodeId, outcome);
}

export async function steeringView(db: Db, nodeId: string): Promise<NodeSteeringView> {
  const record = (await findSteeringRecords(db, [nodeId])).get(nodeId);
  if (!record) throw new AppError("not_found", `no node ${nodeId}`);
  return { pinned: record.pinned, proposed: record.proposed, holdChanges: record.holdChanges };
}

async function afterUpdate(db: Db, nodeId: string, outcome: Awaited<ReturnType<typeof updateSteering>>): Promise<NodeSteeringView> {
  if (outcome === "not_found") throw new AppError("not_found", `no node ${nodeId}`);
  if (outcome !== "unchanged") liveView()?.steer(nodeId, outcome.effective);
  return steeringView(db, nodeId);
}

function withoutKeys(proposed: NonNullable<SteeringRecord["proposed"]>, keys: string[]): NonNullable<SteeringRecord["proposed"]> | null {
  const values = Object.fromEntries(Object.entries(proposed.values).filter(([key]) => !keys.includes(key)));
  return Object.keys(values).length > 0 ? { ...proposed, values } : null;
}
