import "server-only";
import type { Db } from "./prisma";
import { DEFAULT_REPLICATION_SETTINGS, replicaGroupStatus } from "../replication";
import { listMaintenance } from "./alerting";
import { currentNodeViews } from "./nodes";
import { knownActions, loadAcknowledgements, loadPlannerState, loadPolicies } from "./recovery";
import { loadRecoveryView } from "./recovery-status";
import { loadGroupMemory } from "./replication";

/**
 * What the recovery guards judge an operator's action (a manual action, a switchover) on, as it
 * stands now: the live fleet's nodes and replica groups at their stored epochs, the policies, the
 * planner's memory and acknowledgements, the freezes, active maintenance and the known actions.
 */
export async function guardContextNow(db: Db, now: number) {
  const [nodes, memory, policies, plannerState, acknowledgements, view, maintenance, known] = await Promise.all([
    currentNodeViews(db),
    loadGroupMemory(db),
    loadPolicies(db),
    loadPlannerState(db),
    loadAcknowledgements(db),
    loadRecoveryView(db, now),
    listMaintenance(db, now, true),
    knownActions(db, now),
  ]);
  const { groups } = replicaGroupStatus(nodes, memory, now, DEFAULT_REPLICATION_SETTINGS);
  const active = maintenance.filter((window) => window.startsAt <= now);
  return {
    nodes,
    groups,
    policies,
    plannerState,
    acknowledgements,
    freezes: view.freezes,
    maintenance: {
      nodeIds: active.flatMap((window) => ("node" in window.target ? [window.target.node] : [])),
      groupIds: active.flatMap((window) => ("group" in window.target ? [window.target.group] : [])),
    },
    actions: known.actions,
  };
}
