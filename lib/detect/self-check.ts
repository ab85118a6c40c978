/**
 * Distrust yourself: when this process's event loop stalled, the wall clock jumped, or ingest fell
 * behind its agents (their heartbeats wait for our acknowledgements, so they arrive late because
 * of us), heartbeats may have queued up unread, so verdicts get a grace period instead of marking
 * everyone down. Pure: feed it (wall clock, monotonic clock, ingest backlog) readings, ask whether
 * verdicts are trustworthy.
 */
export type SelfCheck = {
  /** Until when no verdict from lateness and no down is trusted (start, stall, clock jump). */
  graceUntil: number;
  /** Until when lateness is not judged because ingest is behind; a closed connection still counts. */
  behindUntil: number;
  lastWall: number;
  lastMono: number;
  lastReason: string | null;
};

export type SelfCheckConfig = {
  expectedTickMs: number;
  stallThresholdMs: number;
  clockJumpThresholdMs: number;
  /** How old the oldest unacknowledged heartbeat or log batch may be before Vigil counts itself behind. */
  backlogThresholdMs: number;
  graceMs: number;
};

export function newSelfCheck(wall: number, mono: number, startupGraceMs: number): SelfCheck {
  return { graceUntil: wall + startupGraceMs, behindUntil: 0, lastWall: wall, lastMono: mono, lastReason: startupGraceMs > 0 ? "server starting" : null };
}

/**
 * Records one tick; returns a reason when this tick starts (or extends) a grace period.
 * `ingestBacklogMs`: how long the oldest item received from an agent has waited for its commit and
 * acknowledgement; the grace lasts as long as the backlog does, and then as long again.
 */
export function tick(check: SelfCheck, wall: number, mono: number, config: SelfCheckConfig, ingestBacklogMs = 0): string | null {
  const monoElapsed = mono - check.lastMono;
  const wallElapsed = wall - check.lastWall;
  check.lastWall = wall;
  check.lastMono = mono;
  const stall = monoElapsed - config.expectedTickMs;
  const jump = Math.abs(wallElapsed - monoElapsed);
  let reason: string | null = null;
  if (stall >= config.stallThresholdMs) reason = `event loop stalled for ${Math.round(stall)} ms`;
  else if (jump >= config.clockJumpThresholdMs) reason = `wall clock jumped by ${Math.round(wallElapsed - monoElapsed)} ms`;
  if (reason) check.graceUntil = Math.max(check.graceUntil, wall + config.graceMs + Math.max(0, stall));
  else if (ingestBacklogMs >= config.backlogThresholdMs) {
    // Our socket reads kept up (no stall), so a closed connection is still the node's or the network's doing.
    reason = `ingest ${Math.round(ingestBacklogMs)} ms behind its agents`;
    check.behindUntil = Math.max(check.behindUntil, wall + config.graceMs + ingestBacklogMs);
  }
  if (!reason) return null;
  check.lastReason = reason;
  return reason;
}

/** Start, stall or clock jump: lateness is not judged and down is deferred. */
export function inGrace(check: SelfCheck, wall: number): boolean {
  return wall < check.graceUntil;
}

/** Ingest behind its agents: lateness is not judged. */
export function isBehind(check: SelfCheck, wall: number): boolean {
  return wall < check.behindUntil;
}

/** Whether this process should not act on its own view (recovery freezes): any of the above. */
export function distrustsItself(check: SelfCheck, wall: number): boolean {
  return inGrace(check, wall) || isBehind(check, wall);
}
