import fs from "node:fs";
import os from "node:os";
import type { Metrics } from "../../lib/protocol/agent";
import {
  clamp01,
  cpuFractionBetween,
  diskFraction,
  netRatesBetween,
  parseMeminfo,
  parseNetDev,
  parseProcStat,
  type CpuTimes,
  type NetCounters,
} from "./proc-parsers";

export type HostMetricsOptions = {
  diskPath?: string;
  /** Injected for tests; defaults to the real /proc. */
  procRoot?: string;
};

type Sample<T> = { value: T; at: number };

/**
 * Reads the host's load every interval. CPU and network are rates, so the first call after
 * start reports them against the sample taken at construction time.
 */
export class HostMetricsCollector {
  private readonly diskPath: string;
  private readonly procRoot: string;
  private cpu: CpuTimes | undefined;
  private net: Sample<NetCounters> | undefined;

  constructor(options: HostMetricsOptions = {}) {
    this.diskPath = options.diskPath ?? "/";
    this.procRoot = options.procRoot ?? "/proc";
    this.cpu = this.readCpuTimes();
    const counters = this.readNet();
    this.net = counters ? { value: counters, at: Date.now() } : undefined;
  }

  async collect(): Promise<Metrics> {
    const cpuTimes = this.readCpuTimes();
    const cpu = this.cpu && cpuTimes ? cpuFractionBetween(this.cpu, cpuTimes) : undefined;
    this.cpu = cpuTimes;

    const now = Date.now();
    const counters = this.readNet();
    const rates = this.net && counters ? netRatesBetween(this.net.value, counters, now - this.net.at) : { netIn: 0, netOut: 0 };
    this.net = counters ? { value: counters, at: now } : undefined;

    return {
      cpu: cpu ?? 0,
      mem: this.readMem(),
      disk: await this.readDisk(),
      netIn: rates.netIn,
      netOut: rates.netOut,
      load1: Math.max(0, os.loadavg()[0]),
    };
  }

  private readCpuTimes(): CpuTimes | undefined {
    const fromProc = parseProcStat(readText(`${this.procRoot}/stat`) ?? "");
    if (fromProc) return fromProc;
    // Not Linux (or /proc hidden): os.cpus() carries the same counters per core, in ms.
    let idle = 0;
    let total = 0;
    for (const core of os.cpus()) {
      const { user, nice, sys, idle: coreIdle, irq } = core.times;
      idle += coreIdle;
      total += user + nice + sys + coreIdle + irq;
    }
    return total > 0 ? { idle, total } : undefined;
  }

  private readMem(): number {
    const fromProc = parseMeminfo(readText(`${this.procRoot}/meminfo`) ?? "");
    return fromProc ?? clamp01(1 - os.freemem() / os.totalmem());
  }

  private readNet(): NetCounters | undefined {
    return parseNetDev(readText(`${this.procRoot}/net/dev`) ?? "");
  }

  private async readDisk(): Promise<number> {
    try {
      const stats = await fs.promises.statfs(this.diskPath);
      return diskFraction(stats) ?? 0;
    } catch {
      return 0;
    }
  }
}

function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}
