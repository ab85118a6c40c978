import type { NodeView } from "../protocol/views";
import { DEFAULT_REPLICATION_SETTINGS, replicaGroupStatus, type GroupMemory } from "../replication";
import { plan, type PlannerOutput } from "./planner";
import { defaultPolicyDocument, parsePolicyDocument, type PolicyDocumentInput, type PolicyDocument } from "./policy";
import type { ActionState, KnownAction, PlannerInput } from "./types";

/** Test fixtures: a caller that runs replica-group status and the planner round after round. */

export { T0, fleetNode, healthyGroup, inState, primaryNode, replicaNode, reportsRole, withNode } from "../replication/fixtures";

export function policies(input: PolicyDocumentInput = {}): PolicyDocument {
  const parsed = parsePolicyDocument(input);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.document;
}

export type SimOptions = Partial<Omit<PlannerInput, "now" | "nodes" | "groups" | "actions" | "previousState">> & {
  /** Mark running actions succeeded right away, as an executor would after the agent acknowledges. Default true. */
  autoComplete?: boolean;
};

/** Plays the caller: keeps replication memory, planner state and the action table between rounds. */
export class RecoverySim {
  memory: GroupMemory | null = null;
  state: unknown = null;
  actions: KnownAction[] = [];
  outputs: PlannerOutput[] = [];
  /** The `now` of each output. */
  times: number[] = [];

  constructor(private readonly options: SimOptions = {}) {}

  input(nodes: readonly NodeView[], now: number, extra: Partial<PlannerInput> = {}): PlannerInput {
    const status = replicaGroupStatus(nodes, this.memory, now, DEFAULT_REPLICATION_SETTINGS);
    this.memory = status.memory;
    const { autoComplete: _ignored, ...options } = this.options;
    return {
      now,
      nodes,
      groups: status.groups,
      ring: null,
      actions: this.actions,
      policies: defaultPolicyDocument(),
      killSwitch: false,
      selfCheck: { frozenUntil: null, reason: null },
      maintenance: { nodeIds: [], groupIds: [] },
      approvals: [],
      acknowledgements: [],
      previousState: this.state,
      ...options,
      ...extra,
    };
  }

  tick(nodes: readonly NodeView[], now: number, extra: Partial<PlannerInput> = {}): PlannerOutput {
    const output = plan(this.input(nodes, now, extra));
    this.times.push(now);
    this.apply(output, now);
    return output;
  }

  /** Stores the output like the caller: new ids inserted (unique), planned → running on approval, cancellations. */
  apply(output: PlannerOutput, now: number): void {
    this.state = JSON.parse(JSON.stringify(output.state));
    this.outputs.push(output);
    for (const action of output.actions) {
      const existing = this.actions.find((known) => known.id === action.id);
      const state: ActionState = action.state === "running" && this.options.autoComplete !== false ? "succeeded" : action.state;
      if (existing) {
        existing.state = state;
        continue;
      }
      this.actions.push({ id: action.id, planId: action.planId, kind: action.kind, target: action.target, groupId: action.groupId, state, createdAt: now, finishedAt: null, epoch: action.epoch, dryRun: action.dryRun, source: "planner" });
    }
    for (const cancel of output.cancellations) {
      const known = this.actions.find((action) => action.id === cancel.actionId);
      if (known) known.state = "cancelled";
    }
  }

  setState(id: string, state: ActionState): void {
    const known = this.actions.find((action) => action.id === id);
    if (!known) throw new Error(`no action ${id}`);
    known.state = state;
  }

  allActions() {
    return this.outputs.flatMap((output) => output.actions);
  }

  /** When each action of `kind` was issued to run. */
  runTimes(kind: string): number[] {
    return this.outputs.flatMap((output, index) => output.actions.filter((a) => a.kind === kind && a.state === "running").map(() => this.times[index]));
  }

  allAlerts() {
    return this.outputs.flatMap((output) => output.alerts);
  }
}

/** A node whose service reports the given error rate (agent alive). */
export function withErrorRate(errorRate: number): (node: NodeView) => NodeView {
  return (node) => ({ ...node, metrics: node.metrics ? { ...node.metrics, errorRate } : node.metrics });
}

export function withLabels(labels: Record<string, string>): (node: NodeView) => NodeView {
  return (node) => ({ ...node, labels: { ...node.labels, ...labels } });
}

/** Down since `since` (agent gone). */
export function downSince(since: number): (node: NodeView) => NodeView {
  return (node) => ({ ...node, state: "down", connected: false, stateSince: since });
}

export function withLink(linkUp: boolean, extra: Partial<NonNullable<NodeView["replication"]>> = {}): (node: NodeView) => NodeView {
  return (node) => ({ ...node, replication: node.replication ? { ...node.replication, linkUp, ...extra } : node.replication });
}
