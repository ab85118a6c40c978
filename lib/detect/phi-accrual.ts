/**
 * Phi-accrual failure detection (Hayashibara et al.), in the form Akka and Cassandra use:
 * phi is -log10 of the probability that a heartbeat arrives later than `elapsed`, given the
 * recent inter-arrival times. The distribution is a normal one approximated by a logistic
 * curve, which is cheap and numerically stable far in the tail.
 */
export type ArrivalWindow = {
  intervals: Float64Array;
  count: number;
  next: number;
  sum: number;
  sumOfSquares: number;
};

export function newArrivalWindow(size: number, expectedIntervalMs: number): ArrivalWindow {
  const window: ArrivalWindow = { intervals: new Float64Array(size), count: 0, next: 0, sum: 0, sumOfSquares: 0 };
  // First estimate from the configured interval (as Akka does): without it the very first
  // pause after a connection would look infinitely suspicious.
  const spread = expectedIntervalMs / 4;
  addInterval(window, expectedIntervalMs - spread);
  addInterval(window, expectedIntervalMs + spread);
  return window;
}

export function addInterval(window: ArrivalWindow, intervalMs: number): void {
  if (window.count === window.intervals.length) {
    const evicted = window.intervals[window.next];
    window.sum -= evicted;
    window.sumOfSquares -= evicted * evicted;
  } else {
    window.count++;
  }
  window.intervals[window.next] = intervalMs;
  window.next = (window.next + 1) % window.intervals.length;
  window.sum += intervalMs;
  window.sumOfSquares += intervalMs * intervalMs;
}

export function meanOf(window: ArrivalWindow): number {
  return window.sum / window.count;
}

export function stdDevOf(window: ArrivalWindow): number {
  const mean = meanOf(window);
  const variance = window.sumOfSquares / window.count - mean * mean;
  return Math.sqrt(Math.max(0, variance));
}

export type PhiParams = { minStdDevMs: number; acceptablePauseMs: number };

export function phi(window: ArrivalWindow, elapsedMs: number, params: PhiParams): number {
  const mean = meanOf(window) + params.acceptablePauseMs;
  const stdDev = Math.max(stdDevOf(window), params.minStdDevMs);
  const y = (elapsedMs - mean) / stdDev;
  const e = Math.exp(-y * (1.5976 + 0.070566 * y * y));
  const pLater = elapsedMs > mean ? e / (1 + e) : 1 - 1 / (1 + e);
  if (pLater <= 0) return 100;
  return Math.min(100, -Math.log10(pLater));
}
