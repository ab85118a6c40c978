import { readFileSync } from "node:fs";
import type { AgentLogger } from "../logger";
import {
  behindScheduleWarning,
  isBehindSchedule,
  summarizeSchedule,
  type BehindContext,
  type ProcessCpuShare,
  type ScheduleMonitor,
  type ScheduleTotals,
} from "./schedule-monitor";

/** Often enough to see a 50 ms stall of the process, rarely enough to cost nothing measurable. */
const LOOP_SAMPLE_MS = 20;
/** The window the behind-schedule warning speaks of. */
export const BEHIND_WINDOW_MS = 10_000;

export type ScheduleWatch = { stop(): void };

type CpuReading = { at: number; cpuMicros: number; waitNanos: number };

/** Nanoseconds the main thread spent runnable but not running (Linux /proc/self/schedstat); NaN elsewhere. */
function runQueueWaitNanos(): number {
  try {
    return Number(readFileSync("/proc/self/schedstat", "utf8").split(" ")[1]);
  } catch {
    return Number.NaN;
  }
}

function readCpu(): CpuReading {
  const usage = process.cpuUsage();
  return { at: performance.now(), cpuMicros: usage.user + usage.system, waitNanos: runQueueWaitNanos() };
}

function cpuShare(before: CpuReading, after: CpuReading): ProcessCpuShare {
  const wallMs = after.at - before.at;
  return { busy: (after.cpuMicros - before.cpuMicros) / 1000 / wallMs, waitingForCore: (after.waitNanos - before.waitNanos) / 1e6 / wallMs };
}

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
  let previousCpu = readCpu();
  const checker = setInterval(() => {
    const current = monitor.totals();
    const currentCpu = readCpu();
    const summary = summarizeSchedule(current, previous);
    const cpu = cpuShare(previousCpu, currentCpu);
    previous = current;
    previousCpu = currentCpu;
    if (isBehindSchedule(summary, options.intervalMs)) {
      options.logger.warn(behindScheduleWarning(summary, { ...options.context, windowMs: BEHIND_WINDOW_MS }, Number.isFinite(cpu.waitingForCore) ? cpu : undefined));
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
