import type { RecoveryPolicy } from "./policy";

/** The failure detector's settings (lib/config `detection`). */
export type DetectorSettings = { heartbeatIntervalMs: number; downPhi: number; disconnectConfirmMs: number };

export type FailoverTimeBreakdown = { detectionMs: number; confirmMs: number; verifyMs: number; totalMs: number };

/**
 * How long after its last heartbeat a silently hung node reaches `downPhi`, for a regular agent:
 * the detector's window has mean = interval, spread floored at interval / 5, plus an acceptable
 * pause of one interval (lib/detect), inverted through its logistic approximation.
 */
export function silentNodeDownAfterMs(settings: Pick<DetectorSettings, "heartbeatIntervalMs" | "downPhi">): number {
  const interval = settings.heartbeatIntervalMs;
  const mean = interval + interval;
  const stdDev = interval / 5;
  const p = 10 ** -settings.downPhi;
  const target = -Math.log(p / (1 - p));
  let low = 0;
  let high = 100;
  for (let i = 0; i < 100; i++) {
    const y = (low + high) / 2;
    if (y * (1.5976 + 0.070566 * y * y) < target) low = y;
    else high = y;
  }
  return Math.ceil(mean + high * stdDev);
}

/** Detection (the slower of a silent hang and a dropped connection) + confirmation window + verify timeout. */
export function failoverTimeBreakdown(detector: DetectorSettings, policy: RecoveryPolicy): FailoverTimeBreakdown {
  const detectionMs = Math.max(silentNodeDownAfterMs(detector), detector.heartbeatIntervalMs + detector.disconnectConfirmMs);
  const confirmMs = policy.failover.confirmWindowMs;
  const verifyMs = policy.failover.verifyTimeoutMs;
  return { detectionMs, confirmMs, verifyMs, totalMs: detectionMs + confirmMs + verifyMs };
}

/** Worst case from a primary failing to a verified new primary (one candidate), for the UI. */
export function worstCaseFailoverMs(detector: DetectorSettings, policy: RecoveryPolicy): number {
  return failoverTimeBreakdown(detector, policy).totalMs;
}
