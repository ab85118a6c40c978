import type { NodeView } from "../protocol/views";
import { actionId } from "./action-id";
import { emptyLadderResult, seconds, type LadderResult } from "./ladder";
import type { RecoveryPolicy } from "./policy";
import { agentAlive, serviceProblem } from "./service-health";
import type { RestartMemory } from "./state";

type RestartPolicy = RecoveryPolicy["restart"];

/** The first restart of an episode waits until the service has looked unhealthy this long (not one noisy sample). */
export const RESTART_CONFIRM_MS = 3_000;
/** How long the executor waits for a restart's outcome. */
export const RESTART_TIMEOUT_MS = 60_000;

/**
 * Wait after the `restartsSoFar`-th restart before the next one: 10 s, 20 s, 40 s … capped
 * (kubelet's CrashLoopBackOff). 0 before the first restart.
 */
export function restartBackoffMs(restartsSoFar: number, policy: RestartPolicy): number {
  if (restartsSoFar <= 0) return 0;
  const exponent = Math.min(restartsSoFar - 1, 40);
  return Math.min(policy.maxBackoffMs, policy.initialBackoffMs * 2 ** exponent);
}

function freshMemory(): RestartMemory {
  return { episodeStartedAt: null, count: 0, lastRestartAt: null, history: [], unhealthySince: null, healthySince: null, escalatedAt: null };
}

/**
 * Drops the memories that say nothing a fresh one would not: no episode, no restart in the
 * window. A healthy fleet then carries no per-node restart state from round to round (10,000
 * entries were most of the planner's time and of every stored round).
 */
export function withoutResting(restarts: Readonly<Record<string, RestartMemory>>): Record<string, RestartMemory> {
  const kept: Record<string, RestartMemory> = {};
  for (const [nodeId, memory] of Object.entries(restarts)) {
    const resting = memory.episodeStartedAt === null && memory.count === 0 && memory.lastRestartAt === null && memory.history.length === 0 && memory.unhealthySince === null && memory.escalatedAt === null;
    if (!resting) kept[nodeId] = memory;
  }
  return kept;
}

/**
 * Folds one observation of the node into its restart memory: healthy for `resetAfterHealthyMs`
 * closes the episode (backoff and escalation reset); restart times older than the window are dropped.
 */
export function observeService(previous: RestartMemory | undefined, node: NodeView, now: number, policy: RestartPolicy): RestartMemory {
  const memory = previous ? { ...previous } : freshMemory();
  memory.history = memory.history.filter((at) => now - at < policy.windowMs);
  if (!agentAlive(node)) {
    memory.unhealthySince = null;
    memory.healthySince = null;
    return memory;
  }
  if (serviceProblem(node) !== null) {
    // Healthy from healthySince until this very observation: long enough closes the old episode first.
    if (memory.healthySince !== null && memory.episodeStartedAt !== null && now - memory.healthySince >= policy.resetAfterHealthyMs) {
      Object.assign(memory, { ...freshMemory(), history: memory.history });
    }
    memory.healthySince = null;
    memory.unhealthySince ??= now;
    memory.episodeStartedAt ??= now;
    return memory;
  }
  memory.unhealthySince = null;
  memory.healthySince ??= now;
  if (memory.episodeStartedAt !== null && now - memory.healthySince >= policy.resetAfterHealthyMs) {
    return { ...freshMemory(), history: memory.history, healthySince: memory.healthySince };
  }
  return memory;
}

export type RestartDecision =
  | { kind: "none" }
  | { kind: "wait"; dueAt: number }
  | { kind: "restart"; step: string; restartNumber: number }
  | { kind: "budget-exhausted"; restartsInWindow: number };

/** What the ladder does for an agent-alive node whose service is unhealthy. */
export function decideRestart(memory: RestartMemory, now: number, policy: RestartPolicy): RestartDecision {
  if (memory.unhealthySince === null || memory.episodeStartedAt === null) return { kind: "none" };
  if (memory.escalatedAt !== null) return { kind: "budget-exhausted", restartsInWindow: memory.history.length };
  const dueAt =
    memory.count === 0 || memory.lastRestartAt === null
      ? memory.unhealthySince + RESTART_CONFIRM_MS
      : memory.lastRestartAt + restartBackoffMs(memory.count, policy);
  if (now < dueAt) return { kind: "wait", dueAt };
  if (memory.history.length >= policy.maxRestarts) return { kind: "budget-exhausted", restartsInWindow: memory.history.length };
  const restartNumber = memory.count + 1;
  return { kind: "restart", restartNumber, step: `episode ${memory.episodeStartedAt} restart ${restartNumber}` };
}

/** Called once a restart really runs (not for dry runs or pending approvals). */
export function recordRestart(memory: RestartMemory, now: number): RestartMemory {
  return { ...memory, count: memory.count + 1, lastRestartAt: now, history: [...memory.history, now] };
}

export function restartBudgetBlockId(nodeId: string, memory: RestartMemory): string {
  return `restart-budget:${nodeId}:${memory.episodeStartedAt ?? memory.escalatedAt ?? 0}`;
}

export type RestartLadderInput = {
  node: NodeView;
  groupId: string;
  epoch: number;
  policy: RecoveryPolicy;
  now: number;
  memory: RestartMemory;
  acknowledgements: ReadonlySet<string>;
};

/**
 * Service unhealthy but agent alive → restart through the agent, with backoff; `maxRestarts`
 * within `windowMs` → escalate (a block a human acknowledges, which starts a fresh episode).
 */
export function restartLadder(input: RestartLadderInput): LadderResult & { memory: RestartMemory } {
  const { node, policy, now } = input;
  let memory = input.memory;
  const result = emptyLadderResult();
  if (memory.escalatedAt !== null && input.acknowledgements.has(restartBudgetBlockId(node.id, memory))) {
    memory = { ...memory, escalatedAt: null, count: 0, lastRestartAt: null, history: [], episodeStartedAt: memory.unhealthySince === null ? null : now };
  }
  const problem = serviceProblem(node);
  if (problem === null || !agentAlive(node)) return { ...result, memory: withEscalationBlock(result, input, memory) };
  const decision = decideRestart(memory, now, policy.restart);
  if (decision.kind === "budget-exhausted" && memory.escalatedAt === null) memory = { ...memory, escalatedAt: now };
  if (decision.kind === "restart") {
    const step = decision.step;
    const backoff = restartBackoffMs(memory.count, policy.restart);
    const wait = memory.count === 0 ? `unhealthy for ${seconds(now - (memory.unhealthySince ?? now))}` : `${seconds(backoff)} backoff after restart ${memory.count} elapsed`;
    result.proposals.push({
      rateCost: 1,
      action: {
        id: actionId({ groupId: input.groupId, kind: "restart", target: node.id, epoch: input.epoch, step }),
        planId: actionId({ groupId: input.groupId, kind: "restart", target: node.id, epoch: input.epoch, step }),
        kind: "restart",
        groupId: input.groupId,
        target: node.id,
        epoch: input.epoch,
        step,
        args: {},
        reason: `Restart ${decision.restartNumber} of ${node.id}: its agent is alive but the service ${problem} (${wait}; ${memory.history.length} of ${policy.restart.maxRestarts} restarts used in ${seconds(policy.restart.windowMs)}).`,
        timeoutMs: RESTART_TIMEOUT_MS,
      },
      onIssued: (state, running, at) => {
        const stored = state.restarts[node.id];
        if (running && stored) state.restarts[node.id] = recordRestart(stored, at);
      },
    });
  }
  return { ...result, memory: withEscalationBlock(result, input, memory) };
}

function withEscalationBlock(result: LadderResult, input: RestartLadderInput, memory: RestartMemory): RestartMemory {
  if (memory.escalatedAt === null) return memory;
  const { node, policy } = input;
  result.blocks.push({
    id: restartBudgetBlockId(node.id, memory),
    kind: "restart-budget",
    groupId: input.groupId,
    nodeId: node.id,
    actionKind: "restart",
    actionId: null,
    reason: `Restart budget exhausted for ${node.id}: ${policy.restart.maxRestarts} restarts within ${seconds(policy.restart.windowMs)} did not make the service healthy. Vigil stops restarting it until it stays healthy for ${seconds(policy.restart.resetAfterHealthyMs)} or a human acknowledges this block.`,
    acknowledgeable: true,
    raises: "escalated",
    until: null,
  });
  return memory;
}
