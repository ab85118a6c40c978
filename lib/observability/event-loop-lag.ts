import type { Histogram } from "prom-client";

/** Often enough to see a 50 ms stall, rarely enough to cost nothing measurable. */
const SAMPLE_EVERY_MS = 20;

/**
 * Measures how late a short timer fires: the event loop's responsiveness as agents and browsers
 * feel it. Each sample is one observation, so a stall shows up once with its full length.
 */
export function startEventLoopLagSampler(histogram: Histogram, onLag?: (lagMs: number) => void): { stop: () => void } {
  let expected = performance.now() + SAMPLE_EVERY_MS;
  const timer = setInterval(() => {
    const now = performance.now();
    const lagMs = Math.max(0, now - expected);
    expected = now + SAMPLE_EVERY_MS;
    histogram.observe(lagMs / 1000);
    onLag?.(lagMs);
  }, SAMPLE_EVERY_MS);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
