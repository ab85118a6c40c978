import type { VigilCondition, VigilHealth } from "../protocol/api/problems";

/** What the runtime reads of itself; the same sources /metrics exposes. */
export type VigilHealthInput = {
  now: number;
  instanceId: string;
  /** Worst event-loop lag seen over the last few seconds (vigil_event_loop_lag_seconds). */
  eventLoopLagMs: number;
  /** Oldest unacknowledged item from an agent (vigil_ingest_backlog_seconds). */
  ingestBacklogMs: number;
  /** lib/detect/self-check: until when this process distrusts its own view, and why. */
  detection: { distrustedUntil: number | null; reason: string | null };
  leadership: {
    isLeader: boolean;
    /** No REDIS_URL: this instance is the only one and should always lead. */
    alone: boolean;
    /** When this instance last lost the lease (null: never, or regained since). */
    lostAt: number | null;
  };
  /** The control loop's write-retry queue (vigil_node_writes_queued) and its consecutive failures. */
  nodeWrites: { queued: number; failing: number };
};

/** Above this the event loop is late enough that heartbeats wait unread: verdicts may be false. */
export const OVERLOADED_LAG_MS = 500;
/** A lost lease is told for this long (a follower of a cluster is otherwise normal). */
export const LEADERSHIP_LOSS_SHOWN_MS = 5 * 60_000;

const seconds = (ms: number) => `${Math.max(1, Math.round(ms / 1000))} s`;

/**
 * Vigil's own health in words. The verdicts are unreliable while this process cannot trust its
 * view (the same grace the control loop applies to itself) or its loop is too late to read
 * heartbeats in time; database and leadership trouble make Vigil's actions late, not its verdicts.
 */
export function judgeVigilHealth(input: VigilHealthInput): VigilHealth {
  const conditions: VigilCondition[] = [];
  const { now, detection } = input;
  const inGrace = detection.distrustedUntil !== null && detection.distrustedUntil > now;
  const reason = detection.reason ?? "";
  const stalled = inGrace && /stalled/.test(reason);
  const overloaded = input.eventLoopLagMs >= OVERLOADED_LAG_MS;
  if (overloaded) {
    conditions.push({
      kind: "overloaded",
      severity: "critical",
      message: `Vigil is overloaded: its event loop runs ${seconds(input.eventLoopLagMs)} late, down/suspect verdicts may be false`,
    });
  }
  if (stalled) conditions.push({ kind: "stalled", severity: "critical", message: `Vigil stalled (${reason}): verdicts are held back until it has caught up` });
  if (input.ingestBacklogMs >= 1000) {
    conditions.push({
      kind: "ingest-backlog",
      severity: "critical",
      message: `Ingest is ${seconds(input.ingestBacklogMs)} behind its agents: heartbeats arrive late because of Vigil, not the nodes`,
    });
  }
  if (inGrace && !stalled && !(/behind/.test(reason) && input.ingestBacklogMs >= 1000)) {
    const starting = /starting/.test(reason);
    conditions.push({
      kind: "detection-grace",
      severity: "warning",
      message: starting
        ? `Detection in grace after the start (${seconds((detection.distrustedUntil ?? now) - now)} left): no node is marked down yet`
        : `Detection in grace (${reason || "self-check"}, ${seconds((detection.distrustedUntil ?? now) - now)} left): no node is marked down meanwhile`,
    });
  }
  if (input.leadership.alone && !input.leadership.isLeader) {
    conditions.push({ kind: "not-leader", severity: "critical", message: "This instance does not hold the leader lease: verdicts are not stored, recovery and alerts do not run" });
  } else if (!input.leadership.isLeader && input.leadership.lostAt !== null && now - input.leadership.lostAt < LEADERSHIP_LOSS_SHOWN_MS) {
    conditions.push({ kind: "leadership-lost", severity: "warning", message: `This instance lost the leader lease ${seconds(now - input.leadership.lostAt)} ago; another instance leads` });
  }
  if (input.nodeWrites.failing > 0) {
    conditions.push({
      kind: "database-errors",
      severity: "critical",
      message: `The database refused node writes ${input.nodeWrites.failing} time(s) in a row; ${input.nodeWrites.queued} state change(s) and row(s) wait to be retried`,
    });
  }
  const verdictsReliable = !overloaded && !inGrace && input.ingestBacklogMs < 1000;
  const level = conditions.some((c) => c.severity === "critical") ? "critical" : conditions.length > 0 ? "warning" : "ok";
  return {
    level,
    verdictsReliable,
    conditions,
    instanceId: input.instanceId,
    leader: input.leadership.isLeader,
    eventLoopLagMs: Math.round(input.eventLoopLagMs),
    ingestBacklogMs: Math.round(input.ingestBacklogMs),
    nodeWritesQueued: input.nodeWrites.queued,
    nodeWriteFailures: input.nodeWrites.failing,
  };
}
