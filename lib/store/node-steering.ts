import "server-only";
import type { Db } from "./prisma";
import { PRIORITY_LABEL } from "../recovery/failover-candidates";
import { describeChanges, labelsWithPriority, type PinnedSteering, type ProposedSteering, type Steering, type SteeringChange } from "../auth/steering";
import { pinnedSteeringSchema, proposedSteeringSchema } from "../protocol/api/nodes";
import { replicaRoleSchema } from "../protocol/common";

/** What Vigil holds about a node's steering attributes (see lib/auth/steering). */
export type SteeringRecord = {
  /** Null before the node's first hello. */
  recorded: Steering | null;
  pinned: PinnedSteering;
  proposed: ProposedSteering | null;
  holdChanges: boolean;
};

const STEERING_COLUMNS = { id: true, zone: true, group: true, role: true, weight: true, labels: true, agentVersion: true, pinned: true, proposed: true, enrolledBy: true } as const;
type SteeringRow = { zone: string | null; group: string | null; role: string | null; weight: number; labels: string; agentVersion: string | null; pinned: string | null; proposed: string | null };

export async function findSteeringRecords(db: Db, nodeIds: string[]): Promise<Map<string, SteeringRecord>> {
  const rows = await db.node.findMany({ where: { id: { in: nodeIds } }, select: STEERING_COLUMNS });
  const tokenIds = [...new Set(rows.flatMap((row) => (row.enrolledBy ? [row.enrolledBy] : [])))];
  const holding = new Set(
    tokenIds.length === 0
      ? []
      : (await db.agentToken.findMany({ where: { id: { in: tokenIds }, requireApproval: true }, select: { id: true } })).map((token) => token.id),
  );
  return new Map(rows.map((row) => [row.id, { ...steeringRecordOf(row), holdChanges: row.enrolledBy !== null && holding.has(row.enrolledBy) }]));
}

function steeringRecordOf(row: SteeringRow): Omit<SteeringRecord, "holdChanges"> {
  return {
    recorded: row.agentVersion === null ? null : recordedSteering(row),
    pinned: parseJson(row.pinned, pinnedSteeringSchema) ?? {},
    proposed: parseJson(row.proposed, proposedSteeringSchema),
  };
}

function recordedSteering(row: SteeringRow): Steering {
  const role = replicaRoleSchema.safeParse(row.role);
  return {
    zone: row.zone,
    group: row.group,
    role: role.success ? role.data : null,
    weight: row.weight,
    priority: parseLabels(row.labels)[PRIORITY_LABEL] ?? null,
  };
}

/** Persists what a hello decided: applied changes are audited, held ones wait in `proposed`. */
export async function recordSteeringReport(
  db: Db,
  nodeId: string,
  report: { changes: SteeringChange[]; held: PinnedSteering | null },
  now: number,
): Promise<void> {
  const proposed = report.held ? JSON.stringify({ values: report.held, reportedAt: now } satisfies ProposedSteering) : null;
  await db.$transaction(async (tx) => {
    await tx.node.update({ where: { id: nodeId }, data: { proposed }, select: { id: true } });
    const actor = `node:${nodeId}`;
    if (report.changes.length > 0) {
      await tx.auditLog.create({ data: { at: BigInt(now), actor, action: "node.steering-changed", target: nodeId, outcome: "applied", detail: describeChanges(report.changes) } });
    }
    if (report.held) {
      const detail = Object.entries(report.held).map(([key, value]) => `${key} → ${JSON.stringify(value)}`).join(", ");
      await tx.auditLog.create({ data: { at: BigInt(now), actor, action: "node.steering-changed", target: nodeId, outcome: "held for approval", detail } });
    }
  });
}

/**
 * Writes Vigil's values into the node's row (which holds what Vigil acts on) with an audit row.
 * `update` gets the current record and returns what to store; null when there is nothing to do.
 */
export async function updateSteering(
  db: Db,
  nodeId: string,
  update: (record: Omit<SteeringRecord, "holdChanges">) => { effective: Steering; pinned: PinnedSteering; proposed: ProposedSteering | null; audit: { action: string; detail: string } } | null,
  by: string,
  now: number,
): Promise<{ effective: Steering; pinned: PinnedSteering } | "not_found" | "unchanged"> {
  return db.$transaction(async (tx) => {
    const row = await tx.node.findUnique({ where: { id: nodeId }, select: { ...STEERING_COLUMNS, approval: true } });
    if (!row || row.approval === "decommissioned") return "not_found";
    const outcome = update(steeringRecordOf(row));
    if (!outcome) return "unchanged";
    const { effective, pinned, proposed } = outcome;
    const labels = labelsWithPriority(parseLabels(row.labels), effective.priority);
    await tx.node.update({
      where: { id: nodeId },
      data: {
        zone: effective.zone, group: effective.group, role: effective.role, weight: effective.weight, labels: JSON.stringify(labels),
        pinned: Object.keys(pinned).length > 0 ? JSON.stringify(pinned) : null,
        proposed: proposed ? JSON.stringify(proposed) : null,
      },
      select: { id: true },
    });
    await tx.auditLog.create({ data: { at: BigInt(now), actor: by, action: outcome.audit.action, target: nodeId, outcome: "ok", detail: outcome.audit.detail } });
    return { effective, pinned };
  });
}

function parseLabels(text: string): Record<string, string> {
  try {
    const parsed: unknown = JSON.parse(text);
    if (!parsed || typeof parsed !== "object") return {};
    return Object.fromEntries(Object.entries(parsed).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
  } catch {
    return {};
  }
}

function parseJson<T>(text: string | null, schema: { safeParse: (value: unknown) => { success: true; data: T } | { success: false } }): T | null {
  if (text === null) return null;
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
