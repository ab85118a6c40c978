import { createHash } from "node:crypto";
import type { RecoveryActionKind } from "./types";

export type ActionIdParts = { groupId: string; kind: RecoveryActionKind; target: string; epoch: number; step: string };

/**
 * Deterministic action id: the same (group, kind, target, epoch, ladder step) always gives the same
 * id, so re-planning after a restart proposes the same action and the caller's unique key refuses a
 * double. Short enough for the agent protocol's 128-character command id.
 */
export function actionId(parts: ActionIdParts): string {
  return `${parts.kind}-${digest([parts.groupId, parts.kind, parts.target, String(parts.epoch), parts.step])}`;
}

/** A failover plan's id: one per group per epoch it fails over from. */
export function failoverPlanId(groupId: string, fromEpoch: number): string {
  return `failover-${digest([groupId, "failover", String(fromEpoch)])}`;
}

function digest(parts: string[]): string {
  return createHash("sha256").update(JSON.stringify(parts)).digest("hex").slice(0, 24);
}
