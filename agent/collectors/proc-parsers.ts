/*
 * Pure parsers for Linux /proc text. No I/O here so each one is tested against fixtures;
 * host-metrics.ts does the reading and keeps the previous sample for deltas.
 */

export type CpuTimes = { idle: number; total: number };

/** The aggregate "cpu " line of /proc/stat; iowait counts as idle like top(1) does. */
export function parseProcStat(text: string): CpuTimes | undefined {
  const line = text.split("\n").find((candidate) => candidate.startsWith("cpu "));
  if (!line) return undefined;
  const values = line.trim().split(/\s+/).slice(1).map(Number);
  if (values.length < 4 || values.some((value) => !Number.isFinite(value))) return undefined;
  // user nice system idle iowait irq softirq steal [guest guest_nice]; guest is already in user.
  const [user, nice, system, idle, iowait = 0, irq = 0, softirq = 0, steal = 0] = values;
  return { idle: idle + iowait, total: user + nice + system + idle + iowait + irq + softirq + steal };
}

/** Busy share between two samples, 0..1; undefined when no time passed. */
export function cpuFractionBetween(previous: CpuTimes, current: CpuTimes): number | undefined {
  const total = current.total - previous.total;
  if (total <= 0) return undefined;
  const busy = total - (current.idle - previous.idle);
  return clamp01(busy / total);
}

/** Used share of memory from /proc/meminfo, preferring MemAvailable (kernel ≥ 3.14). */
export function parseMeminfo(text: string): number | undefined {
  const values = new Map<string, number>();
  for (const line of text.split("\n")) {
    const match = /^(\w+):\s+(\d+)/.exec(line);
    if (match) values.set(match[1], Number(match[2]));
  }
  const total = values.get("MemTotal");
  if (!total) return undefined;
  const available =
    values.get("MemAvailable") ??
    (values.get("MemFree") ?? 0) + (values.get("Buffers") ?? 0) + (values.get("Cached") ?? 0);
  return clamp01(1 - available / total);
}

export type NetCounters = { rxBytes: number; txBytes: number };

/** Sums receive/transmit bytes over all interfaces but loopback. */
export function parseNetDev(text: string): NetCounters | undefined {
  let rxBytes = 0;
  let txBytes = 0;
  let found = false;
  for (const line of text.split("\n")) {
    const colon = line.indexOf(":");
    if (colon < 0) continue;
    const name = line.slice(0, colon).trim();
    if (name === "lo" || name === "") continue;
    const fields = line.slice(colon + 1).trim().split(/\s+/).map(Number);
    // Receive: bytes packets errs drop fifo frame compressed multicast; then transmit bytes.
    if (fields.length < 9 || !Number.isFinite(fields[0]) || !Number.isFinite(fields[8])) continue;
    rxBytes += fields[0];
    txBytes += fields[8];
    found = true;
  }
  return found ? { rxBytes, txBytes } : undefined;
}

export type NetRates = { netIn: number; netOut: number };

/** Bytes per second; a counter reset (reboot, interface removed) yields 0, not a negative rate. */
export function netRatesBetween(previous: NetCounters, current: NetCounters, elapsedMs: number): NetRates {
  if (elapsedMs <= 0) return { netIn: 0, netOut: 0 };
  const rate = (before: number, after: number) => (after >= before ? ((after - before) * 1000) / elapsedMs : 0);
  return { netIn: rate(previous.rxBytes, current.rxBytes), netOut: rate(previous.txBytes, current.txBytes) };
}

/** Used share of a filesystem from statfs numbers, as df(1) computes it (blocks for non-root). */
export function diskFraction(stats: { blocks: number; bfree: number; bavail: number }): number | undefined {
  const used = stats.blocks - stats.bfree;
  const usable = used + stats.bavail;
  if (usable <= 0) return undefined;
  return clamp01(used / usable);
}

export function clamp01(value: number): number {
  if (!Number.isFinite(value)) return 0;
  return Math.min(1, Math.max(0, value));
}
