/**
 * Distrust yourself: when this process's event loop stalled or the wall clock jumped, heartbeats
 * may have queued up unread, so verdicts get a grace period instead of marking everyone down.
 * Pure: feed it (wall clock, monotonic clock) readings, ask whether verdicts are trustworthy.
 */
export type SelfCheck = {
  graceUntil: number;
  lastWall: number;
  lastMono: number;
  lastReason: string | null;
};

export type SelfCheckConfig = { expectedTickMs: number; stallThresholdMs: number; clockJumpThresholdMs: number; graceMs: number };

export function newSelfCheck(wall: number, mono: number, startupGraceMs: number): SelfCheck {
  return { graceUntil: wall + startupGraceMs, lastWall: wall, lastMono: mono, lastReason: startupGraceMs > 0 ? "server starting" : null };
}

/** Records one tick; returns a reason when this tick starts (or extends) a grace period. */
export function tick(check: SelfCheck, wall: number, mono: number, config: SelfCheckConfig): string | null {
  const monoElapsed = mono - check.lastMono;
  const wallElapsed = wall - check.lastWall;
  check.lastWall = wall;
  check.lastMono = mono;
  const stall = monoElapsed - config.expectedTickMs;
  const jump = Math.abs(wallElapsed - monoElapsed);
  let reason: string | null = null;
  if (stall >= config.stallThresholdMs) reason = `event loop stalled for ${Math.round(stall)} ms`;
  else if (jump >= config.clockJumpThresholdMs) reason = `wall clock jumped by ${Math.round(wallElapsed - monoElapsed)} ms`;
  if (!reason) return null;
  check.graceUntil = Math.max(check.graceUntil, wall + config.graceMs + Math.max(0, stall));
  check.lastReason = reason;
  return reason;
}

export function inGrace(check: SelfCheck, wall: number): boolean {
  return wall < check.graceUntil;
}
