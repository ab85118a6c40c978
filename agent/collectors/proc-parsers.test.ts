import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseHostPort } from "./latency-probe";
import {
  cpuFractionBetween,
  diskFraction,
  netRatesBetween,
  parseMeminfo,
  parseNetDev,
  parseProcStat,
} from "./proc-parsers";

const STAT_1 = `cpu  100 0 50 800 50 0 0 0 0 0
cpu0 50 0 25 400 25 0 0 0 0 0
intr 12345
ctxt 999
`;
const STAT_2 = `cpu  160 0 70 880 70 5 5 10 0 0
cpu0 80 0 35 440 35 0 0 0 0 0
`;

const MEMINFO = `MemTotal:       16000000 kB
MemFree:         1000000 kB
MemAvailable:    4000000 kB
Buffers:          500000 kB
Cached:          3000000 kB
SwapTotal:             0 kB
`;

const NET_DEV = `Inter-|   Receive                                                |  Transmit
 face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
    lo: 9999999    1000    0    0    0     0          0         0  9999999    1000    0    0    0     0       0          0
  eth0: 1000000    2000    0    0    0     0          0         0   500000    1500    0    0    0     0       0          0
  eth1:    2000      20    0    0    0     0          0         0     1000      10    0    0    0     0       0          0
`;

describe("/proc parsers", () => {
  it("reads the aggregate cpu line, counting iowait as idle", () => {
    assert.deepEqual(parseProcStat(STAT_1), { idle: 850, total: 1000 });
    assert.equal(parseProcStat("intr 1\n"), undefined);
  });

  it("computes the busy share between two samples", () => {
    const first = parseProcStat(STAT_1);
    const second = parseProcStat(STAT_2);
    assert.ok(first && second);
    // total delta 200, idle delta (880+70)-(850) = 100
    assert.equal(cpuFractionBetween(first, second), 0.5);
    assert.equal(cpuFractionBetween(second, second), undefined);
  });

  it("uses MemAvailable and falls back to free+buffers+cached", () => {
    assert.equal(parseMeminfo(MEMINFO), 0.75);
    const old = MEMINFO.replace(/MemAvailable.*\n/, "");
    assert.equal(parseMeminfo(old), 1 - 4_500_000 / 16_000_000);
    assert.equal(parseMeminfo("garbage"), undefined);
  });

  it("sums network bytes without loopback and turns deltas into rates", () => {
    const counters = parseNetDev(NET_DEV);
    assert.deepEqual(counters, { rxBytes: 1_002_000, txBytes: 501_000 });
    assert.ok(counters);
    const later = { rxBytes: counters.rxBytes + 4000, txBytes: counters.txBytes + 2000 };
    assert.deepEqual(netRatesBetween(counters, later, 2000), { netIn: 2000, netOut: 1000 });
    assert.deepEqual(netRatesBetween(later, counters, 2000), { netIn: 0, netOut: 0 }, "counter reset is not negative");
  });

  it("computes disk usage like df", () => {
    assert.equal(diskFraction({ blocks: 100, bfree: 20, bavail: 15 }), 80 / 95);
    assert.equal(diskFraction({ blocks: 0, bfree: 0, bavail: 0 }), undefined);
  });

  it("parses probe targets", () => {
    assert.deepEqual(parseHostPort("localhost:6379"), { host: "localhost", port: 6379 });
    assert.deepEqual(parseHostPort("[::1]:80"), { host: "::1", port: 80 });
    assert.throws(() => parseHostPort("nope"));
  });
});
