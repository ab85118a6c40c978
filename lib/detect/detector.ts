import type { NodeState } from "../protocol/common";
import { addInterval, newArrivalWindow, phi, type ArrivalWindow } from "./phi-accrual";

export type DetectorConfig = {
  heartbeatIntervalMs: number;
  suspectPhi: number;
  downPhi: number;
  /** A disconnect makes a node suspect at once; down only if it lasts this long. */
  disconnectConfirmMs: number;
  /**
   * A node known from before a restart is not judged until its agent has had this long to come
   * back: agents back off between reconnects (up to 30 s), so many return well after the start grace.
   */
  reconnectGraceMs: number;
  windowSize: number;
  minStdDevMs: number;
  acceptablePauseMs: number;
};

export function detectorConfig(input: {
  heartbeatIntervalMs: number;
  suspectPhi: number;
  downPhi: number;
  disconnectConfirmMs: number;
  reconnectGraceMs: number;
}): DetectorConfig {
  return {
    ...input,
    windowSize: 100,
    // A floor on the spread so a perfectly regular agent is not declared dead by one late beat.
    minStdDevMs: input.heartbeatIntervalMs / 5,
    acceptablePauseMs: input.heartbeatIntervalMs,
  };
}

/** What the detector knows about one node. Mutated in place: it is updated on every heartbeat. */
export type Liveness = {
  window: ArrivalWindow;
  lastArrivalAt: number | null;
  /** The next arrival follows a connect, not a heartbeat: its gap says nothing about the rhythm. */
  rhythmBroken: boolean;
  connected: boolean;
  disconnectedAt: number | null;
  state: NodeState;
  stateSince: number;
  phi: number;
};

export type Verdict = { from: NodeState; to: NodeState; reason: string; phi: number };

export function newLiveness(config: DetectorConfig, state: NodeState, now: number): Liveness {
  return {
    window: newArrivalWindow(config.windowSize, config.heartbeatIntervalMs),
    lastArrivalAt: null,
    rhythmBroken: true,
    connected: false,
    // A node known from before a restart counts as disconnected from the end of its reconnect
    // grace: until then it keeps its stored state, then it goes suspect and, unconfirmed, down.
    disconnectedAt: now + config.reconnectGraceMs,
    state,
    stateSince: now,
    phi: 0,
  };
}

export function recordHeartbeat(liveness: Liveness, now: number): void {
  if (liveness.lastArrivalAt !== null && liveness.connected && !liveness.rhythmBroken) {
    addInterval(liveness.window, Math.max(0, now - liveness.lastArrivalAt));
  }
  liveness.lastArrivalAt = now;
  liveness.rhythmBroken = false;
}

/**
 * A connect counts as an arrival, so an agent that says hello and then stays silent grows late
 * like one that stopped mid-stream (it is not left in its last state for ever); the gap before
 * its first heartbeat is not taken as part of the rhythm.
 */
export function recordConnect(liveness: Liveness, now: number): void {
  liveness.connected = true;
  liveness.disconnectedAt = null;
  liveness.lastArrivalAt = now;
  liveness.rhythmBroken = true;
}

export function recordDisconnect(liveness: Liveness, now: number): void {
  liveness.connected = false;
  liveness.disconnectedAt = now;
}

export function currentPhi(liveness: Liveness, config: DetectorConfig, now: number): number {
  if (liveness.lastArrivalAt === null) return 0;
  return phi(liveness.window, now - liveness.lastArrivalAt, config);
}

/**
 * Decides the node's state at `now`. The monitor, not the fleet, may be the one that was slow:
 * during a grace period (server start, event-loop stall, clock jump) lateness is not judged at all
 * (the node keeps its state) and a disconnect makes a node suspect but not down; while ingest is
 * `behind` its agents (they hold back heartbeats until we acknowledge) lateness is not judged,
 * but a closed connection is still the node's or the network's doing.
 */
export function judge(liveness: Liveness, config: DetectorConfig, now: number, inGrace: boolean, behind = false): Verdict | null {
  const from = liveness.state;
  liveness.phi = currentPhi(liveness, config, now);
  if (from === "maintenance") return null;
  const target = targetState(liveness, config, now);
  if (!target) return null;
  if ((inGrace || behind) && target.evidence === "lateness") return null;
  const to = target.to === "down" && inGrace ? "suspect" : target.to;
  if (to === from) return null;
  if (to === "suspect" && from === "down") return null;
  liveness.state = to;
  liveness.stateSince = now;
  const reason = to !== target.to ? `${target.reason}; down deferred during grace period` : target.reason;
  return { from, to, reason, phi: liveness.phi };
}

type Target = { to: NodeState; reason: string; evidence: "disconnect" | "lateness" | "arrivals" };

function targetState(liveness: Liveness, config: DetectorConfig, now: number): Target | null {
  if (!liveness.connected) {
    // A node never heard from stays unknown rather than being declared down.
    if (liveness.disconnectedAt === null || liveness.state === "unknown") return null;
    const gone = now - liveness.disconnectedAt;
    if (gone < 0) return null;
    if (gone >= config.disconnectConfirmMs) return { to: "down", reason: `disconnected for ${seconds(gone)}`, evidence: "disconnect" };
    return { to: "suspect", reason: "agent disconnected", evidence: "disconnect" };
  }
  if (liveness.lastArrivalAt === null) return null;
  const silent = now - liveness.lastArrivalAt;
  if (liveness.phi >= config.downPhi) {
    return { to: "down", reason: `no heartbeat for ${seconds(silent)} (phi ${liveness.phi.toFixed(1)})`, evidence: "lateness" };
  }
  if (liveness.phi >= config.suspectPhi) {
    return { to: "suspect", reason: `heartbeat late by ${seconds(silent)} (phi ${liveness.phi.toFixed(1)})`, evidence: "lateness" };
  }
  return { to: "healthy", reason: "heartbeats arriving", evidence: "arrivals" };
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
