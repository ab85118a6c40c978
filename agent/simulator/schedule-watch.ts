import type { AgentLogger } from "../logger";
import { behindScheduleWarning, isBehindSchedule, summarizeSchedule, type BehindContext, type ScheduleMonitor, type ScheduleTotals } from "./schedule-monitor";

/** Often enough to see a 50 ms stall of the process, rarely enough to cost nothing measurable. */
const LOOP_SAMPLE_MS = 20;
/** The window the behind-schedule warning speaks of. */
export const BEHIND_WINDOW_MS = 10_000;

export type ScheduleWatch = { stop(): void };

/**
 * Samples this process's event-loop lag into `monitor` and warns, once per window, while the
 * process is behind its nodes' heartbeat schedule.
 */
export function watchSchedule(
  monitor: ScheduleMonitor,
  options: { intervalMs: number; logger: AgentLogger; context: Omit<BehindContext, "windowMs"> },
): ScheduleWatch {
  let expected = performance.now() + LOOP_SAMPLE_MS;
  const sampler = setInterval(() => {
    const now = performance.now();
    monitor.recordLoopLag(now - expected);
    expected = now + LOOP_SAMPLE_MS;
  }, LOOP_SAMPLE_MS);
  sampler.unref();

  let previous: ScheduleTotals = monitor.totals();
  const checker = setInterval(() => {
    const current = monitor.totals();
    const summary = summarizeSchedule(current, previous);
    previous = current;
    if (isBehindSchedule(summary, options.intervalMs)) {
      options.logger.warn(behindScheduleWarning(summary, { ...options.context, windowMs: BEHIND_WINDOW_MS }));
    }
  }, BEHIND_WINDOW_MS);
  checker.unref();

  return {
    stop() {
      clearInterval(sampler);
      clearInterval(checker);
    },
  };
}
