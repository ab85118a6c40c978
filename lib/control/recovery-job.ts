import type { LiveFleet } from "../fleet/live-fleet";
import type { AgentDirectory } from "../realtime/agent-namespace";
import type { ReplicaGroupStatus } from "../replication";
import type { Db } from "../store/prisma";
import type { RecoveryEvent } from "../recovery";
import { plan, type PlannerState } from "../recovery";
import { listMaintenance } from "../store/alerting";
import { saveRecoveryView } from "../store/recovery-status";
import { closeFinishedPlans, finishAction, knownActions, loadAcknowledgements, loadKillSwitch, loadPlannerState, loadPolicies, recordPlanningRound } from "../store/recovery";
import { applyRingChange, currentRingEpoch, loadRingSettings } from "../store/ring";

const RECOVERY_TICK_MS = 1_000;
/** Recovery events stay visible to the alerting side this long. */
const EVENT_MEMORY_MS = 3_600_000;

type ExecutableAction = { id: string; kind: string; target: string; groupId: string; epoch: number; args: { target?: string; weight?: number; hook?: string }; timeoutMs: number };

/**
 * The recovery loop: plans from the live fleet and the replica groups under every guard
 * (lib/recovery), records each round atomically, and executes what the policy allows through
 * the agents (commands fenced by epoch, idempotent by action id) or the ring.
 */
export function startRecoveryJob(deps: {
  db: Db;
  fleet: LiveFleet;
  agents: AgentDirectory;
  replicaGroups: () => readonly ReplicaGroupStatus[];
  distrust: () => { frozenUntil: number | null; reason: string | null };
}): { stop: () => void; events: () => RecoveryEvent[] } {
  const { db, fleet, agents } = deps;
  let state: PlannerState | null = null;
  let running = false;
  let resumed = false;
  const executing = new Set<string>();
  let events: RecoveryEvent[] = [];
  let savedView = "";

  const execute = (action: ExecutableAction) => {
    if (executing.has(action.id)) return;
    executing.add(action.id);
    void run(action)
      .catch((error) => finishAction(db, action.id, "failed", error instanceof Error ? error.message : String(error), Date.now()))
      .catch((error) => console.error("[recovery] cannot record outcome", error))
      .finally(() => executing.delete(action.id));
  };

  const run = async (action: ExecutableAction): Promise<void> => {
    if (action.kind === "remove-from-ring" || action.kind === "add-to-ring" || action.kind === "reweight") {
      const change =
        action.kind === "remove-from-ring"
          ? { remove: [action.target] }
          : action.kind === "add-to-ring"
            ? { add: [{ id: action.target, weight: action.args.weight ?? 1 }] }
            : { reweight: [{ id: action.target, weight: action.args.weight ?? 1 }] };
      const applied = await applyRingChange(db, change, "vigil-recovery", `recovery: ${action.kind} ${action.target}`, Date.now());
      await finishAction(db, action.id, "succeeded", `ring epoch ${applied.epoch}`, Date.now());
      return;
    }
    const kind = action.kind === "restart" || action.kind === "promote" || action.kind === "follow" || action.kind === "run-hook" ? action.kind : null;
    if (!kind) {
      await finishAction(db, action.id, "failed", `no executor for ${action.kind}`, Date.now());
      return;
    }
    const result = await agents.command(action.target, {
      id: action.id,
      kind,
      epoch: action.epoch,
      args: { ...(action.args.target ? { target: action.args.target } : {}), ...(action.args.hook ? { hook: action.args.hook } : {}) },
      timeoutMs: action.timeoutMs,
    });
    const now = Date.now();
    if (!result.delivered) {
      await finishAction(db, action.id, result.error.startsWith("no answer") ? "timed_out" : "failed", result.error, now);
      return;
    }
    const { outcome } = result;
    await finishAction(db, action.id, outcome.outcome === "succeeded" ? "succeeded" : "failed", `${outcome.outcome}: ${outcome.detail}`, now);
  };

  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const now = Date.now();
      state ??= await loadPlannerState(db);
      if (!resumed) {
        // After a restart, actions that were running are sent again under the same id: the
        // agent answers a repeated id with its first outcome, so nothing runs twice.
        const interrupted = await db.recoveryAction.findMany({ where: { state: "running" } });
        for (const row of interrupted) execute({ ...row, args: JSON.parse(row.args) as ExecutableAction["args"] });
        resumed = true;
      }
      const [known, policies, killSwitch, acknowledgements, ring, ringSettings, maintenance] = await Promise.all([
        knownActions(db, now),
        loadPolicies(db),
        loadKillSwitch(db),
        loadAcknowledgements(db),
        currentRingEpoch(db),
        loadRingSettings(db),
        listMaintenance(db, now, true),
      ]);
      const active = maintenance.filter((w) => w.startsAt <= now);
      const output = plan({
        now,
        nodes: fleet.views(),
        groups: deps.replicaGroups(),
        ring: ring ? { epoch: ring.epoch, groups: ring.membership.groups, autoJoin: ringSettings.autoJoin } : null,
        actions: known.actions,
        policies,
        killSwitch: killSwitch.frozen,
        selfCheck: deps.distrust(),
        maintenance: {
          nodeIds: active.flatMap((w) => ("node" in w.target ? [w.target.node] : [])),
          groupIds: active.flatMap((w) => ("group" in w.target ? [w.target.group] : [])),
        },
        approvals: known.approvals,
        acknowledgements,
        previousState: state,
      });
      const toRun = await recordPlanningRound(db, { actions: output.actions, cancellations: output.cancellations, state: output.state, fence: 0 }, now);
      state = output.state;
      const view = JSON.stringify({ blocks: output.blocks, freezes: output.freezes, rankings: output.rankings });
      if (view !== savedView) {
        await saveRecoveryView(db, { at: now, blocks: output.blocks, freezes: output.freezes, rankings: output.rankings });
        savedView = view;
      }
      for (const action of toRun) execute({ ...action, args: action.args });
      // Manual actions and approved ones flip to running outside the planner's round.
      const pendingManual = await db.recoveryAction.findMany({ where: { state: "running", source: "operator" } });
      for (const row of pendingManual) execute({ ...row, args: JSON.parse(row.args) as ExecutableAction["args"] });
      await closeFinishedPlans(db, now);
      if (output.alerts.length) {
        const seen = new Set(events.map((e) => e.id));
        events = [...events.filter((e) => e.at > now - EVENT_MEMORY_MS), ...output.alerts.filter((e) => !seen.has(e.id))];
      }
    } catch (error) {
      console.error("[recovery] tick failed", error);
      state = null;
    } finally {
      running = false;
    }
  };

  const timer = setInterval(() => void tick(), RECOVERY_TICK_MS);
  return { stop: () => clearInterval(timer), events: () => events };
}
