import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

/** CPU and memory of a process (and its descendants) read from /proc: Linux only. */
const CLOCK_TICKS_PER_SEC = readClockTicks();

function readClockTicks(): number {
  try {
    const ticks = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim());
    return ticks > 0 ? ticks : 100;
  } catch {
    return 100;
  }
}

export type CpuSample = {
  /** User + system CPU of the process and its descendants. */
  cpuSeconds: number;
  /** Time the main thread was runnable but waiting for a core (/proc/<pid>/schedstat): noise from other load. */
  mainThreadWaitSeconds: number;
  at: number;
};

function descendantsAndSelf(pid: number): number[] {
  const pids = [pid];
  for (let i = 0; i < pids.length && pids.length < 1000; i++) {
    const current = pids[i];
    let tasks: string[] = [];
    try {
      tasks = readdirSync(`/proc/${current}/task`);
    } catch {
      continue;
    }
    for (const task of tasks) {
      try {
        const children = readFileSync(`/proc/${current}/task/${task}/children`, "utf8").trim();
        if (children) pids.push(...children.split(/\s+/).map(Number));
      } catch {
        // The task ended while we looked.
      }
    }
  }
  return pids;
}

export function cpuSecondsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the parenthesised command name; field 3 (state) is index 0, so utime (14) is 11.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SEC;
  } catch {
    return 0;
  }
}

function runQueueWaitSecondsOf(pid: number): number {
  try {
    // "<ns on cpu> <ns waiting on a run queue> <timeslices>" of the thread whose tid is pid.
    return Number(readFileSync(`/proc/${pid}/schedstat`, "utf8").split(" ")[1]) / 1e9;
  } catch {
    return 0;
  }
}

export function sampleCpu(pid: number): CpuSample {
  const cpuSeconds = descendantsAndSelf(pid).reduce((total, each) => total + cpuSecondsOf(each), 0);
  return { cpuSeconds, mainThreadWaitSeconds: runQueueWaitSecondsOf(pid), at: performance.now() };
}

/** Percent of the wall time between two samples that the main thread spent waiting for a core. */
export function waitPercentBetween(before: CpuSample, after: CpuSample): number {
  const wallSeconds = (after.at - before.at) / 1000;
  return wallSeconds > 0 ? (100 * (after.mainThreadWaitSeconds - before.mainThreadWaitSeconds)) / wallSeconds : 0;
}

/** Percent of one core used between two samples (200 % = both cores of a 2-core machine). */
export function cpuPercentBetween(before: CpuSample, after: CpuSample): number {
  const wallSeconds = (after.at - before.at) / 1000;
  return wallSeconds > 0 ? (100 * (after.cpuSeconds - before.cpuSeconds)) / wallSeconds : 0;
}

/** Resident set size in MiB (VmRSS), summed over the process and its descendants. */
export function residentMiB(pid: number): number {
  let kib = 0;
  for (const each of descendantsAndSelf(pid)) {
    try {
      const match = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${each}/status`, "utf8"));
      if (match) kib += Number(match[1]);
    } catch {
      // Gone.
    }
  }
  return kib / 1024;
}

/** Tracks peak RSS while a phase runs; sampling stops when `stop` is called. */
export function watchPeakRss(pid: number, everyMs = 250): { stop: () => number } {
  let peak = residentMiB(pid);
  const timer = setInterval(() => (peak = Math.max(peak, residentMiB(pid))), everyMs);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, residentMiB(pid));
    },
  };
}
