import "server-only";
import type { LiveFleet } from "../fleet/live-fleet";
import type { AgentDirectory } from "../realtime/agent-namespace";
import { followTargetAddress, type ReplicaGroupStatus } from "../replication";
import type { Db } from "../store/prisma";
import type { LeaseHold } from "../store/lease";
import type { RecoveryEvent } from "../recovery";
import { executeHookFor, matchingHooks, plan, plansInProgress, type HookAction, type PlannerState } from "../recovery";
import { HEAL_CHECK_MS, restartDidNotHeal } from "../recovery/service-verdict";
import { listMaintenance } from "../store/alerting";
import { syncIncidents } from "../store/incidents";
import { saveRecoveryView } from "../store/recovery-status";
import {
  cancelRunningAction, closeFinishedPlans, finishAction, knownActions, markActionDidNotHeal, loadAcknowledgements, loadKillSwitch, loadPlannerState, loadPolicies, recordPlanningRound, runningActions,
  type RunningAction,
} from "../store/recovery";
import { applyRingChange, currentRingEpoch, loadRingSettings } from "../store/ring";
import { loadEnabledRecoveryHooks } from "../store/recovery-hooks";
import { askPreHooks, runExecuteHook } from "./recovery-hooks";
import { runSwitchover } from "./switchover-runner";
import { announceSwitch } from "../sentinel";
import { startDueSwitchovers } from "../store/switchover";
import { recoveryRounds } from "../observability/prometheus";
import { yieldOnce } from "../scheduling/slices";

const RECOVERY_TICK_MS = 1_000;
/**
 * A nudge (state change, finished action) plans again at once, but never sooner than this after
 * the last round: while thousands of agents connect, every detector tick changes some state, and
 * back-to-back rounds over a 10,000-node fleet left the event loop no time for anything else.
 */
const MIN_ROUND_GAP_MS = 250;
/** Recovery events stay visible to the alerting side this long. */
const EVENT_MEMORY_MS = 3_600_000;

/** Planned actions carry no reason or step yet; stored rows do, and recovery hooks show them to the receiver. */
type ExecutableAction = Omit<RunningAction, "reason" | "step"> & Partial<Pick<RunningAction, "reason" | "step">>;

function hookActionOf(action: ExecutableAction): HookAction {
  return { id: action.id, kind: action.kind, target: action.target, groupId: action.groupId, epoch: action.epoch, args: action.args, reason: action.reason ?? "", ...(action.step ? { step: action.step } : {}) };
}

/**
 * The recovery loop: plans from the live fleet and the replica groups under every guard
 * (lib/recovery), records each round atomically, and executes what the policy allows through
 * the agents (commands fenced by epoch, idempotent by action id) or the ring.
 */
export function startRecoveryJob(deps: {
  db: Db;
  fleet: LiveFleet;
  agents: AgentDirectory;
  /** Judges the replica groups now (see replication-job's refresh). */
  replicaGroups: () => Promise<readonly ReplicaGroupStatus[]>;
  distrust: () => { frozenUntil: number | null; reason: string | null };
  /** The leadership lease while this instance leads: every round and ring change is fenced with it. */
  lease: () => LeaseHold | null;
  /** A round saw or decided something the previous one did not (browsers refetch recovery). */
  onChange?: () => void;
}): {
  /** Stops planning and resolves once every execution started has recorded its outcome. */
  stop: () => Promise<void>;
  events: () => RecoveryEvent[];
  /** Plan again as soon as possible: a node changed state or an action finished. */
  nudge: () => void;
} {
  const { db, fleet, agents } = deps;
  let state: PlannerState | null = null;
  let running = false;
  let nudged = false;
  let stopped = false;
  let resumed = false;
  /** Each execution's promise, kept until its outcome is stored: stop() waits for them all. */
  const executing = new Map<string, Promise<void>>();
  /** Ring changes of one round run one after another, so they build on each other instead of racing for the same epoch. */
  let ringChanges: Promise<unknown> = Promise.resolve();
  let ticking: Promise<void> = Promise.resolve();
  let events: RecoveryEvent[] = [];
  let savedView = "";
  // The first round of a new leader is news too: its browsers last saw the old leader's state.
  let lastRoundDigest: string | null = null;

  const execute = (action: ExecutableAction) => {
    if (executing.has(action.id)) return;
    // Not awaited here (an agent may take seconds to answer and other groups must not wait),
    // but tracked until its outcome is written.
    const done = run(action)
      .catch((error) => finishAction(db, action.id, "failed", error instanceof Error ? error.message : String(error), Date.now()))
      .catch((error) => console.error("[recovery] cannot record outcome", error))
      .finally(() => {
        executing.delete(action.id);
        // A verified promote is what lets the follows go out: do not leave them to the next tick.
        nudge();
      });
    executing.set(action.id, done);
  };

  /**
   * The agent's "succeeded" only says the restart ran. Looked at again a while later: a service
   * still (or again) sick turns the outcome into "did not heal", which the UI shows amber.
   */
  const verifyHealed = (actionId: string, nodeId: string, finishedAt: number) => {
    const timer = setTimeout(() => {
      if (stopped) return;
      const verdict = restartDidNotHeal(fleet.get(nodeId), finishedAt, Date.now());
      if (verdict === null) return;
      markActionDidNotHeal(db, actionId, verdict, Date.now())
        .then(() => deps.onChange?.())
        .catch((error) => console.error("[recovery] cannot record a restart that did not heal", error));
    }, HEAL_CHECK_MS);
    timer.unref();
  };

  /** Failover-precondition blocks synced to incidents last (null: not yet since this instance leads). */
  let preconditionDigest: string | null = null;
  /**
   * A failover that could not be finished and so was not started is an incident until what it
   * lacks is fixed (its block also raises RecoveryEscalated, which pages). Written only when the
   * set of such blocks changes.
   */
  const syncPreconditionIncidents = async (blocks: readonly { id: string; kind: string; groupId: string | null; reason: string }[], now: number) => {
    const problems = blocks
      .filter((block) => block.kind === "failover-precondition")
      .map((block) => ({ key: block.id, kind: "failover_precondition", severity: "critical" as const, subject: block.groupId ?? "fleet", message: block.reason }));
    const digest = JSON.stringify(problems);
    if (digest === preconditionDigest) return;
    await syncIncidents(db, "recovery-precondition", problems, now);
    preconditionDigest = digest;
  };

  const followAddressOf = (action: ExecutableAction): { host: string; port: number } | { error: string } => {
    const target = action.args.target;
    if (!target) return { error: `follow of ${action.target} names no node to follow` };
    return followTargetAddress(action.groupId, fleet.groupNodes(new Set([action.groupId])).get(action.groupId) ?? [], target);
  };

  /**
   * A promotion is committed when the promoted node acknowledged it: Sentinel clients are told at
   * once (`+switch-master`), not a heartbeat later. `fromNodeId` null: the member that last
   * reported role primary.
   */
  const promotionCommitted = (groupId: string, fromNodeId: string | null, toNodeId: string) => {
    const members = fleet.groupNodes(new Set([groupId])).get(groupId) ?? [];
    const from = members.find((node) => (fromNodeId === null ? node.id !== toNodeId && node.replication?.role === "primary" : node.id === fromNodeId));
    const to = members.find((node) => node.id === toNodeId)?.replication?.address;
    if (to) announceSwitch(groupId, from?.replication?.address ?? null, to, toNodeId);
  };

  const inRingOrder = <T>(change: () => Promise<T>): Promise<T> => {
    const next = ringChanges.then(change, change);
    ringChanges = next.catch(() => undefined);
    return next;
  };

  const run = async (action: ExecutableAction): Promise<void> => {
    // Hooks are read for every action: the settings cache reloads them as soon as a hook write bumps
    // the version, so a veto hook an operator just added applies at once.
    const hooks = await loadEnabledRecoveryHooks(db);
    const preHooks = matchingHooks(hooks, "pre", action);
    const decision = preHooks.length ? await askPreHooks(preHooks, hookActionOf(action)) : { allowed: true as const, notes: [] };
    if (!decision.allowed) {
      await cancelRunningAction(db, action.id, "vetoed", decision.message, Date.now());
      return;
    }
    if (preHooks.length && (await loadKillSwitch(db)).frozen) {
      // Pre hooks may take seconds to answer; an operator who froze recovery meanwhile wins.
      await cancelRunningAction(db, action.id, "frozen", "the kill switch was turned on while pre hooks were asked", Date.now());
      return;
    }
    // A pre hook that could not answer but whose onError allowed the action stays on record.
    const notes = decision.notes.length ? ` (${decision.notes.join("; ")})` : "";
    if (action.kind === "switchover") {
      // Its steps run back to back (writes are paused meanwhile), not one per round.
      await runSwitchover({ db, agents, replicaGroups: deps.replicaGroups, onPromoted: promotionCommitted, onReport: (nodeId, replication) => fleet.applyCommandReport(nodeId, replication) }, action.id, notes);
      return;
    }
    if (action.kind === "remove-from-ring" || action.kind === "add-to-ring" || action.kind === "reweight") {
      const change =
        action.kind === "remove-from-ring"
          ? { remove: [action.target] }
          : action.kind === "add-to-ring"
            ? { add: [{ id: action.target, weight: action.args.weight ?? 1 }] }
            : { reweight: [{ id: action.target, weight: action.args.weight ?? 1 }] };
      const applied = await inRingOrder(() => applyRingChange(db, change, "vigil-recovery", `recovery: ${action.kind} ${action.target}`, Date.now(), deps.lease()));
      await finishAction(db, action.id, "succeeded", `ring epoch ${applied.epoch}${notes}`, Date.now());
      return;
    }
    const executeHook = executeHookFor(hooks, action);
    if (executeHook) {
      // The hook performs the action instead of the agent (e.g. a cloud API restarting a dead VM).
      const outcome = await runExecuteHook(executeHook, hookActionOf(action));
      await finishAction(db, action.id, outcome.state, `${outcome.state}: ${outcome.detail}${notes}`, Date.now());
      return;
    }
    const kind = action.kind === "restart" || action.kind === "promote" || action.kind === "follow" || action.kind === "run-hook" ? action.kind : null;
    if (!kind) {
      await finishAction(db, action.id, "failed", `no executor for ${action.kind}`, Date.now());
      return;
    }
    // A follow names the node AND its data address as Vigil knows it now; the agent checks both against its membership.
    const followTo = kind === "follow" ? followAddressOf(action) : null;
    if (followTo && "error" in followTo) {
      await finishAction(db, action.id, "failed", `${followTo.error}${notes}`, Date.now());
      return;
    }
    const result = await agents.command(action.target, {
      id: action.id,
      kind,
      epoch: action.epoch,
      args: { ...(action.args.target ? { target: action.args.target } : {}), ...(followTo ?? {}), ...(action.args.hook ? { hook: action.args.hook } : {}) },
      timeoutMs: action.timeoutMs,
    });
    const now = Date.now();
    if (!result.delivered) {
      await finishAction(db, action.id, result.error.startsWith("no answer") ? "timed_out" : "failed", `${result.error}${notes}`, now);
      return;
    }
    const { outcome } = result;
    // The promoted node's "role primary" a heartbeat early: the next round (nudged below) verifies it and sends the follows.
    if (kind === "promote" && outcome.outcome === "succeeded") promotionCommitted(action.groupId, null, action.target);
    if (outcome.replication && (kind === "promote" || kind === "follow")) fleet.applyCommandReport(action.target, outcome.replication);
    await finishAction(db, action.id, outcome.outcome === "succeeded" ? "succeeded" : "failed", `${outcome.outcome}: ${outcome.detail}${notes}`, now);
    if (kind === "restart" && outcome.outcome === "succeeded") verifyHealed(action.id, action.target, now);
  };

  const tick = (): Promise<void> => {
    if (running) {
      nudged = true;
      return ticking;
    }
    ticking = planRound();
    return ticking;
  };

  const planRound = async () => {
    const lease = deps.lease();
    if (!lease || stopped) return;
    running = true;
    try {
      const groups = await deps.replicaGroups();
      const now = Date.now();
      state ??= await loadPlannerState(db);
      if (!resumed) {
        // After a restart, actions that were running are sent again under the same id: the
        // agent answers a repeated id with its first outcome, so nothing runs twice.
        for (const action of await runningActions(db)) execute(action);
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
      // The round's pure steps are each tens of milliseconds at 10,000 nodes: let acks out between them.
      await yieldOnce();
      const output = plan({
        now,
        nodes: fleet.views(),
        groups,
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
      await yieldOnce();
      const toRun = await recordPlanningRound(db, { actions: output.actions, cancellations: output.cancellations, state: output.state, lease }, now);
      state = output.state;
      recoveryRounds.inc();
      const view = JSON.stringify({ blocks: output.blocks, freezes: output.freezes, rankings: output.rankings });
      if (view !== savedView) {
        await saveRecoveryView(db, { at: now, blocks: output.blocks, freezes: output.freezes, rankings: output.rankings });
        savedView = view;
      }
      await syncPreconditionIncidents(output.blocks, now);
      for (const action of toRun) execute({ ...action, args: action.args });
      // Manual actions flip to running outside the planner's round; the kill switch holds them too.
      if (!killSwitch.frozen) {
        await startDueSwitchovers(db, now);
        for (const action of await runningActions(db, "operator")) execute(action);
      }
      await closeFinishedPlans(db, now, plansInProgress(output.state));
      const roundDigest = digestOf({ view, actions: known.actions, policies, killSwitch, acknowledgements, issued: toRun.length + output.cancellations.length });
      if (roundDigest !== lastRoundDigest) {
        lastRoundDigest = roundDigest;
        deps.onChange?.();
      }
      if (output.alerts.length) {
        const seen = new Set(events.map((e) => e.id));
        events = [...events.filter((e) => e.at > now - EVENT_MEMORY_MS), ...output.alerts.filter((e) => !seen.has(e.id))];
      }
    } catch (error) {
      console.error("[recovery] tick failed", error);
      state = null;
    } finally {
      running = false;
      lastRoundEndedAt = performance.now();
      if (nudged) nudge();
    }
  };

  let lastRoundEndedAt = -Infinity;
  let nudgeTimer: NodeJS.Timeout | null = null;
  const nudge = () => {
    nudged = false;
    if (stopped || nudgeTimer) return;
    const wait = Math.max(0, lastRoundEndedAt + MIN_ROUND_GAP_MS - performance.now());
    nudgeTimer = setTimeout(() => {
      nudgeTimer = null;
      void tick();
    }, wait);
  };

  const timer = setInterval(() => void tick(), RECOVERY_TICK_MS);
  return {
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      if (nudgeTimer) clearTimeout(nudgeTimer);
      await ticking;
      while (executing.size) await Promise.all(executing.values());
    },
    events: () => events,
    nudge,
  };
}

/** Store rows may carry bigints, which JSON.stringify refuses. */
function digestOf(round: unknown): string {
  return JSON.stringify(round, (_key, value: unknown) => (typeof value === "bigint" ? value.toString() : value));
}
