import type { NodeView } from "../protocol/views";
import type { ReplicaGroupStatus } from "../replication";
import type { PolicyDocument } from "./policy";

/** "switchover": an operator's planned primary handover (lib/recovery/switchover.ts), recorded and run like a failover. */
export const RECOVERY_ACTION_KINDS = ["restart", "promote", "follow", "remove-from-ring", "add-to-ring", "reweight", "switchover"] as const;
export type RecoveryActionKind = (typeof RECOVERY_ACTION_KINDS)[number];

/** Actions that can lose data or availability: frozen when Vigil distrusts its own view, and rate limited. */
export const DESTRUCTIVE_ACTION_KINDS: ReadonlySet<RecoveryActionKind> = new Set(["promote", "follow", "restart", "remove-from-ring", "switchover"]);

export const ACTION_STATES = ["planned", "running", "succeeded", "failed", "timed_out", "blocked", "cancelled"] as const;
export type ActionState = (typeof ACTION_STATES)[number];
export const ACTIVE_ACTION_STATES: ReadonlySet<ActionState> = new Set(["planned", "running"]);

/** One candidate of a failover, with every reason it was chosen or excluded. */
export type FailoverCandidate = {
  nodeId: string;
  eligible: boolean;
  /** 1 = the one to promote; null when excluded. */
  rank: number | null;
  reasons: string[];
};

/** A decision of the planner. The caller stores it (unique id) and, when `state` is "running", executes it. */
export type PlannedAction = {
  /** Deterministic from (group, kind, target, epoch, step): re-planning yields the same id. */
  id: string;
  /** Actions of one plan share it (a failover's promote and follows); one active plan per group. */
  planId: string;
  kind: RecoveryActionKind;
  groupId: string;
  /** A node id for restart/promote/follow, the group id for ring actions. */
  target: string;
  /** Fencing token: the group epoch (the new one for promote/follow), the ring epoch for ring actions. */
  epoch: number;
  /** The ladder step that produced it, e.g. "restart 2 of episode 1750000000000" or "attempt 1". */
  step: string;
  /** follow: the node to follow (the caller resolves host/port); ring actions: the weight. */
  args: { target?: string; weight?: number };
  reason: string;
  /** "running": execute now; "planned": recorded only (dry run, or awaiting approval). */
  state: "planned" | "running";
  dryRun: boolean;
  awaitingApproval: boolean;
  /** How long the executor waits for the outcome. */
  timeoutMs: number;
  /** promote only: the ranking that chose its target. */
  candidates?: FailoverCandidate[];
};

export const BLOCK_KINDS = [
  "primary-still-linked",
  "confirming",
  "no-candidate",
  "failover-precondition",
  "failover-escalated",
  "anti-flap",
  "restart-budget",
  "min-available",
  "plan-in-progress",
  "maintenance",
  "frozen",
  "rate-limited",
  "rejoin-needs-operator",
] as const;
export type BlockKind = (typeof BLOCK_KINDS)[number];

/** Why something Vigil would do is not being done. Stable `id` while the cause lasts. */
export type Block = {
  id: string;
  kind: BlockKind;
  groupId: string | null;
  nodeId: string | null;
  actionKind: RecoveryActionKind | null;
  /** The action that was held back, when one was proposed. */
  actionId: string | null;
  reason: string;
  /** A human can lift it by acknowledging `id` (anti-flap, escalations). */
  acknowledgeable: boolean;
  /** The event raised when the block first appears (null for waits and for blocks another event already covers). */
  raises: RecoveryEventKind | null;
  until: number | null;
  candidates?: FailoverCandidate[];
};

export type FreezeKind = "kill-switch" | "self-check" | "blast-radius";
export type Freeze = {
  id: string;
  kind: FreezeKind;
  /** "all": no action at all; "destructive": promote, follow, restart, remove-from-ring. */
  scope: "all" | "destructive";
  reason: string;
  since: number;
  until: number | null;
};

export const RECOVERY_EVENT_KINDS = ["blocked", "frozen", "failed", "escalated", "failover_completed"] as const;
export type RecoveryEventKind = (typeof RECOVERY_EVENT_KINDS)[number];

/** For the alerting side: raised once per episode (the id says which). */
export type RecoveryEvent = {
  id: string;
  kind: RecoveryEventKind;
  at: number;
  groupId: string | null;
  nodeId: string | null;
  summary: string;
};

/** A planned-but-not-run action of the planner that is no longer wanted (e.g. the primary came back before approval). */
export type Cancellation = { actionId: string; reason: string };

/** An action as the caller's database knows it (recent ones, terminal included, so ids are not re-proposed). */
export type KnownAction = {
  id: string;
  planId?: string | null;
  kind: RecoveryActionKind | "drain" | "run-hook" | "page";
  target: string;
  groupId: string;
  state: ActionState;
  createdAt: number;
  finishedAt: number | null;
  epoch: number;
  dryRun?: boolean;
  /** Only the planner's own planned actions are ever cancelled by it. */
  source: "planner" | "operator";
};

export type RingInput = {
  epoch: number;
  groups: { id: string; weight: number }[];
  /** The ring's auto-join setting: when off, re-adding a group is left to an operator. */
  autoJoin: boolean;
};

export type RateLimitSettings = { perMinute: number; burst: number };
export const DEFAULT_RATE_LIMIT: RateLimitSettings = { perMinute: 6, burst: 3 };

export type SelfCheckInput = { frozenUntil: number | null; reason: string | null };

export type PlannerInput = {
  now: number;
  nodes: readonly NodeView[];
  groups: readonly ReplicaGroupStatus[];
  ring: RingInput | null;
  /** Node ids of the hottest load group (rank 0), when grouping has run. */
  hottestLoadGroupNodeIds?: readonly string[] | null;
  actions: readonly KnownAction[];
  policies: PolicyDocument;
  killSwitch: boolean;
  selfCheck: SelfCheckInput;
  /** Nodes and groups (by id) under maintenance: no recovery touches them. */
  maintenance: { nodeIds: readonly string[]; groupIds: readonly string[] };
  /** Ids of actions a human approved. */
  approvals: readonly string[];
  /** Ids of blocks a human acknowledged (anti-flap, escalations). */
  acknowledgements: readonly string[];
  rateLimit?: RateLimitSettings;
  /** The previous output's `state`, as stored JSON (null on first run). */
  previousState: unknown;
};
