import { z } from "zod";
import type { Alert } from "./alert";

/**
 * A planned maintenance of one node or one replica group. While active it mutes the alerts whose
 * `node` / `group` label names the target, and recovery for the target is paused (the operator is
 * working on it; automation must not fight them).
 */
export const maintenanceTargetSchema = z.union([
  z.object({ node: z.string().min(1).max(128) }).strict(),
  z.object({ group: z.string().min(1).max(128) }).strict(),
]);
export type MaintenanceTarget = z.infer<typeof maintenanceTargetSchema>;

export const maintenanceWindowSchema = z
  .object({
    id: z.string().min(1).max(128),
    target: maintenanceTargetSchema,
    startsAt: z.number().int(),
    endsAt: z.number().int(),
    comment: z.string().max(2000),
  })
  .refine((w) => w.endsAt > w.startsAt, { message: "endsAt must be after startsAt", path: ["endsAt"] });
export type MaintenanceWindow = z.infer<typeof maintenanceWindowSchema>;

/**
 * What recovery asks about: a node (with its replica group when it has one, since maintenance of
 * the group covers its members) or a whole group.
 */
export type RecoveryTarget = { node: string; group?: string | null } | { group: string };

function isActive(window: MaintenanceWindow, now: number): boolean {
  return window.startsAt <= now && now < window.endsAt;
}

function covers(window: MaintenanceWindow, node: string | null, group: string | null): boolean {
  if ("node" in window.target) return node !== null && window.target.node === node;
  return group !== null && window.target.group === group;
}

/** The active windows covering the target, to explain "recovery paused" in the UI. */
export function activeMaintenance(target: RecoveryTarget, windows: readonly MaintenanceWindow[], now: number): MaintenanceWindow[] {
  const node = "node" in target ? target.node : null;
  const group = target.group ?? null;
  return windows.filter((w) => isActive(w, now) && covers(w, node, group));
}

/** True while recovery for the target must be paused. */
export function maintenanceActive(target: RecoveryTarget, windows: readonly MaintenanceWindow[], now: number): boolean {
  return activeMaintenance(target, windows, now).length > 0;
}

/** The ids of the active windows muting this alert (by its `node` and `group` labels). */
export function maintenanceMuting(alert: Pick<Alert, "labels">, windows: readonly MaintenanceWindow[], now: number): string[] {
  const node = alert.labels.node ?? null;
  const group = alert.labels.group ?? null;
  return windows.filter((w) => isActive(w, now) && covers(w, node, group)).map((w) => w.id);
}
