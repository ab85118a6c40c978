import "server-only";
import type { Command, CommandOutcome } from "../protocol/agent";
import type { AgentDirectory } from "../realtime/agent-namespace";
import type { ReplicaGroupStatus } from "../replication";
import type { Db } from "../store/prisma";
import { SWITCHOVER_DEFAULTS, describeTimeline, remainingMs, splitAddress, writePauseMs, type SwitchoverStep, type SwitchoverStepName } from "../recovery/switchover";
import { finishAction } from "../store/recovery";
import { addressesOf, loadSwitchover, recordSwitchoverProgress, reserveSwitchoverEpoch } from "../store/switchover";
import { currentNodeViews } from "../store/nodes";
import { previewSwitchover } from "../recovery/switchover";
import { loadPolicies } from "../store/recovery";
import { policyForGroup } from "../recovery";

/** Called at the moment the target is promoted: the Sentinel endpoint announces +switch-master. */
export type OnPromoted = (groupId: string, fromNodeId: string, toNodeId: string) => void;

export type SwitchoverRunnerDeps = {
  db: Db;
  agents: AgentDirectory;
  /** Judges the replica groups now (the recovery job's source). */
  replicaGroups: () => Promise<readonly ReplicaGroupStatus[]>;
  onPromoted?: OnPromoted;
  /** A command's ack carried the node's replication status: the live fleet takes it before the next heartbeat. */
  onReport?: (nodeId: string, replication: NonNullable<CommandOutcome["replication"]>) => void;
};

type Sent = { ok: true; outcome: CommandOutcome } | { ok: false; detail: string };

/**
 * Runs one switchover's steps back to back (never one per recovery round: writes are paused
 * meanwhile): preflight again, take the next epoch in the database, pause writes on the primary,
 * wait until the target has every byte, promote it, re-point the others and the old primary,
 * unpause. Before the promotion any failure or a passed deadline unpauses the primary and stops;
 * after it the switchover is completed (follows retried until `completeMs`). Every step is timed
 * and recorded in the action (live, for the page) and, at the end, in its outcome and audit row.
 */
export async function runSwitchover(deps: SwitchoverRunnerDeps, actionId: string, notes = ""): Promise<void> {
  const { db, agents } = deps;
  const loaded = await loadSwitchover(db, actionId);
  if (!loaded || loaded.run.state !== "running") return;
  const { run, args } = loaded;
  const startedAt = Date.now();
  const timeline: SwitchoverStep[] = [];
  let progress: Promise<void> = Promise.resolve();
  // Progress writes go out in order but are not awaited while writes are paused: the database
  // must not add to the pause.
  const publish = (step: string) => {
    const snapshot = [...timeline];
    progress = progress.then(() => recordSwitchoverProgress(db, actionId, step, snapshot)).catch((error) => console.error("[switchover] progress not recorded", error));
  };
  const record = (step: SwitchoverStepName, node: string | null, began: number, ok: boolean, detail: string) => {
    timeline.push({ step, node, startMs: began - startedAt, durationMs: Date.now() - began, ok, detail });
    publish(ok ? `${step} done` : `${step} failed`);
  };
  const finish = async (state: "succeeded" | "failed", summary: string) => {
    await progress;
    const pause = writePauseMs(timeline);
    const detail = `${summary}${pause !== null ? ` (writes paused ${pause} ms)` : ""}; timeline: ${describeTimeline(timeline)}${notes}`;
    await recordSwitchoverProgress(db, actionId, state === "succeeded" ? "completed" : "aborted", timeline);
    await finishAction(db, actionId, state, detail, Date.now());
  };
  const send = async (suffix: string, nodeId: string, kind: Command["kind"], epoch: number, commandArgs: Command["args"], timeoutMs: number): Promise<Sent> => {
    const result = await agents.command(nodeId, { id: `${actionId}:${suffix}`, kind, epoch, args: commandArgs, timeoutMs });
    if (!result.delivered) return { ok: false, detail: result.error };
    if (result.outcome.replication && (kind === "promote" || kind === "follow")) deps.onReport?.(nodeId, result.outcome.replication);
    if (result.outcome.outcome !== "succeeded") return { ok: false, detail: `${result.outcome.outcome}: ${result.outcome.detail}` };
    return { ok: true, outcome: result.outcome };
  };

  if (run.timeline.length > 0) {
    // A Vigil restart interrupted it: what ran is unknown beyond the recorded steps. Before the
    // promotion, the safe end is the primary unpaused; after it, completing the follow-ups.
    const promoted = run.timeline.some((step) => step.step === "promote" && step.ok);
    timeline.push(...run.timeline);
    if (!promoted) {
      const began = Date.now();
      const unpaused = await send("resume-unpause", args.from, "unpause", run.epoch, {}, 5_000);
      record("abort-unpause", args.from, began, unpaused.ok, unpaused.ok ? "after a restart of Vigil" : unpaused.detail);
      await finish("failed", `interrupted by a restart of Vigil before the promotion of ${args.target}: aborted, ${args.from} stays primary`);
      return;
    }
  }

  // 1. Preflight again: the fleet may have changed since the request (or its approval).
  const began = Date.now();
  const groups = await deps.replicaGroups();
  const group = groups.find((entry) => entry.id === run.groupId && !entry.implicit);
  const nodes = await currentNodeViews(db);
  const nodesById = new Map(nodes.map((node) => [node.id, node]));
  const addresses = group ? addressesOf(group) : {};
  if (run.timeline.length > 0) {
    await complete(deps, { actionId, groupId: run.groupId, from: args.from, target: args.target, newEpoch: run.epoch, addresses, group, startedAt, send, record, finish });
    return;
  }
  if (!group) {
    record("preflight", null, began, false, `no replica group ${run.groupId}`);
    await finish("failed", "preflight failed");
    return;
  }
  const policy = policyForGroup(await loadPolicies(db), group.id).failover;
  const preview = previewSwitchover({ group, nodesById, policy, now: Date.now(), addresses, maintenanceNodeIds: new Set(), target: args.target, maxLagMs: args.maxLagMs ?? null });
  const problems = [...preview.problems];
  if (preview.primaryId !== args.from) problems.push(`the primary is now ${preview.primaryId ?? "none"}, not ${args.from} as when it was requested`);
  if (problems.length > 0) {
    record("preflight", null, began, false, problems.join("; "));
    await finish("failed", `preflight failed, nothing was paused`);
    return;
  }
  record("preflight", null, began, true, `${args.from} → ${args.target} at epoch ${preview.newEpoch}; re-point ${preview.followers.join(", ") || "nobody else"}`);

  // 2. Fencing in the database: the next epoch is this switchover's, or nobody's.
  const fenceAt = Date.now();
  try {
    await reserveSwitchoverEpoch(db, actionId, group.id, preview.newEpoch);
  } catch (error) {
    record("fence", null, fenceAt, false, error instanceof Error ? error.message : String(error));
    await finish("failed", "fencing refused the promotion, nothing was paused");
    return;
  }
  record("fence", null, fenceAt, true, `epoch ${preview.newEpoch}`);

  // 3-5. Pause, catch up, promote: each within what is left of the deadline.
  const deadlineAt = Date.now() + args.deadlineMs;
  const abort = async (why: string) => {
    const at = Date.now();
    const unpaused = await send("abort-unpause", args.from, "unpause", group.epoch, {}, 5_000);
    record("abort-unpause", args.from, at, unpaused.ok, unpaused.ok ? "" : unpaused.detail);
    await finish("failed", `aborted before the promotion (${why}): ${args.from} stays primary${unpaused.ok ? ", writes unpaused" : `, UNPAUSE FAILED (the pause lifts by itself within ${args.deadlineMs} ms)`}`);
  };
  const pauseAt = Date.now();
  const paused = await send("pause", args.from, "pause-writes", group.epoch, { pauseMs: args.deadlineMs }, args.deadlineMs);
  const offset = paused.ok ? paused.outcome.replication?.offset : undefined;
  if (!paused.ok || offset === undefined) {
    record("pause-writes", args.from, pauseAt, false, paused.ok ? "the primary did not report its replication offset" : paused.detail);
    await abort("pause-writes failed");
    return;
  }
  record("pause-writes", args.from, pauseAt, true, `offset ${offset}`);

  const catchUpLeft = remainingMs(deadlineAt, Date.now());
  if (catchUpLeft === null) {
    await abort("the deadline passed before the catch-up");
    return;
  }
  const catchAt = Date.now();
  const caught = await send("catch-up", args.target, "catch-up", group.epoch, { offset }, catchUpLeft);
  record("catch-up", args.target, catchAt, caught.ok, caught.ok ? `reached offset ${caught.outcome.replication?.offset ?? offset}` : caught.detail);
  if (!caught.ok) {
    await abort(`${args.target} did not reach offset ${offset} in time`);
    return;
  }

  const promoteLeft = remainingMs(deadlineAt, Date.now());
  if (promoteLeft === null) {
    await abort("the deadline passed before the promotion");
    return;
  }
  const promoteAt = Date.now();
  const promoted = await send("promote", args.target, "promote", preview.newEpoch, {}, promoteLeft);
  record("promote", args.target, promoteAt, promoted.ok, promoted.ok ? `epoch ${preview.newEpoch}` : promoted.detail);
  if (!promoted.ok) {
    // A promote that timed out may still have happened: put the target back under the old
    // primary (fenced by the new epoch) before writes resume there.
    const target = splitAddress(addresses[args.from]);
    const backAt = Date.now();
    const back = await send("rollback", args.target, "follow", preview.newEpoch, { target: args.from, ...(target ?? {}) }, 5_000);
    record("rollback", args.target, backAt, back.ok, back.ok ? `follows ${args.from} again` : back.detail);
    await abort(`the promotion of ${args.target} failed`);
    return;
  }
  deps.onPromoted?.(group.id, args.from, args.target);
  await complete(deps, { actionId, groupId: group.id, from: args.from, target: args.target, newEpoch: preview.newEpoch, addresses, group, startedAt, send, record, finish });
}

type CompleteInput = {
  actionId: string;
  groupId: string;
  from: string;
  target: string;
  newEpoch: number;
  addresses: Readonly<Record<string, string | null>>;
  group: ReplicaGroupStatus | undefined;
  startedAt: number;
  send: (suffix: string, nodeId: string, kind: Command["kind"], epoch: number, args: Command["args"], timeoutMs: number) => Promise<Sent>;
  record: (step: SwitchoverStepName, node: string | null, began: number, ok: boolean, detail: string) => void;
  finish: (state: "succeeded" | "failed", summary: string) => Promise<void>;
};

/** After the promotion: the old primary and the others follow the target (at once, side by side), then the old primary is unpaused. */
async function complete(_deps: SwitchoverRunnerDeps, input: CompleteInput): Promise<void> {
  const { from, target, newEpoch, send, record } = input;
  const address = splitAddress(input.addresses[target]);
  const followArgs = { target, ...(address ?? {}) };
  const others = (input.group?.members ?? []).map((member) => member.nodeId).filter((id) => id !== from && id !== target);
  const until = Date.now() + SWITCHOVER_DEFAULTS.completeMs;
  const follow = async (nodeId: string, step: "repoint" | "demote"): Promise<boolean> => {
    for (let attempt = 1; ; attempt++) {
      const left = remainingMs(until, Date.now(), 500);
      if (left === null) return false;
      const at = Date.now();
      const sent = await send(`${step}:${nodeId}:${attempt}`, nodeId, "follow", newEpoch, followArgs, Math.min(left, 5_000));
      record(step, nodeId, at, sent.ok, sent.ok ? `follows ${target}${attempt > 1 ? ` (attempt ${attempt})` : ""}` : sent.detail);
      if (sent.ok) return true;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  };
  const [demoted, ...repointed] = await Promise.all([follow(from, "demote"), ...others.map((nodeId) => follow(nodeId, "repoint"))]);
  const unpauseAt = Date.now();
  const unpaused = await send("unpause", from, "unpause", newEpoch, {}, 5_000);
  record("unpause", from, unpauseAt, unpaused.ok, unpaused.ok ? "" : unpaused.detail);
  const missing = [...(demoted ? [] : [from]), ...others.filter((_, index) => !repointed[index])];
  if (missing.length > 0) {
    await input.finish("failed", `${target} is primary at epoch ${newEpoch}, but ${missing.join(", ")} could not be re-pointed to it`);
    return;
  }
  await input.finish("succeeded", `${target} is primary at epoch ${newEpoch}; ${from} follows it${others.length ? `, as do ${others.join(", ")}` : ""}`);
}
