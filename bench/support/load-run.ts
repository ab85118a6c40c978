import { spawnTsx, type TsxChild } from "./child";
import { LatencyHistogram } from "./latency-histogram";
import { isMarked, isReady, isReport, type GeneratorReport, type GeneratorToParent, type LoadGeneratorConfig, type LoadPattern, type ParentToGenerator } from "./load-protocol";
import { cpuPercentBetween, sampleCpu, waitPercentBetween, watchPeakRss } from "./process-stats";
import { sleep } from "./vigil";

export type LoadRunOptions = {
  url: string;
  token: string;
  nodeIdPrefix: string;
  generators: number;
  clientsPerGenerator: number;
  pattern: LoadPattern;
  warmupMs: number;
  measureMs: number;
  /** The server whose CPU and RSS are sampled. */
  serverPid: number;
  /** Sampled when the measurement window opens and when it closes (e.g. stored rows). */
  probe?: () => Promise<number>;
  /** Called when the window opens and closes, e.g. to note profile timestamps. */
  onWindow?: (edge: "open" | "close") => Promise<void> | void;
  /** Awaited at the end of the window while the load is still running, e.g. to snapshot server counters before the tail. */
  beforeStop?: () => Promise<void> | void;
};

export type LoadRunResult = {
  connected: number;
  connectFailures: number;
  firstConnectError: string | null;
  connectSeconds: number;
  windowSeconds: number;
  /** Epoch ms when the generators were told to stop sending. */
  stoppedAt: number;
  ackedPerSec: number;
  /** (probe at close − probe at open) / window, when a probe was given. */
  probedPerSec: number | null;
  latency: LatencyHistogram;
  serverCpuPercent: number;
  /** Share of the window the server's main thread was ready to run but had no core. */
  serverWaitPercent: number;
  serverPeakRssMiB: number;
  generatorCpuPercent: number;
  errorAcks: Record<string, number>;
  sent: number;
  skippedSends: number;
  unackedAfterDrain: number;
  disconnects: number;
};

type Generator = TsxChild<GeneratorToParent, ParentToGenerator>;

const CONNECT_DEADLINE_MS = 240_000;

/** Spawns the load-generator children, runs one measured phase against a server and stops them. */
export async function runLoad(options: LoadRunOptions): Promise<LoadRunResult> {
  const generators: Generator[] = [];
  try {
    for (let g = 0; g < options.generators; g++) {
      const config: LoadGeneratorConfig = {
        url: options.url,
        token: options.token,
        nodeIdPrefix: `${options.nodeIdPrefix}g${g}-`,
        clients: options.clientsPerGenerator,
        pattern: options.pattern,
        connectConcurrency: 50,
        connectTimeoutMs: 60_000,
        drainTimeoutMs: 5_000,
      };
      generators.push(spawnTsx<GeneratorToParent, ParentToGenerator>("bench/load-generator.ts", [JSON.stringify(config)]));
    }
    const ready = await Promise.all(generators.map((generator) => generator.next(isReady, CONNECT_DEADLINE_MS)));
    const connected = ready.reduce((total, each) => total + each.connected, 0);
    const connectFailures = ready.reduce((total, each) => total + each.failed, 0);
    if (connected === 0) throw new Error(`no client connected: ${ready.map((each) => each.firstError).join("; ")}`);

    for (const generator of generators) generator.send({ type: "start" });
    await sleep(options.warmupMs);

    for (const generator of generators) generator.send({ type: "mark" });
    await Promise.all(generators.map((generator) => generator.next(isMarked, 10_000)));
    const openedAt = performance.now();
    await options.onWindow?.("open");
    const probeAtOpen = options.probe ? { value: await options.probe(), at: performance.now() } : null;
    const serverCpuAtOpen = sampleCpu(options.serverPid);
    const generatorCpuAtOpen = generators.map((generator) => sampleCpu(generator.pid));
    const rss = watchPeakRss(options.serverPid);

    await sleep(options.measureMs);
    await options.beforeStop?.();

    // Close the window first (generators stop counting at once), then read the figures.
    const stoppedAt = Date.now();
    for (const generator of generators) generator.send({ type: "stop" });
    const serverCpuAtClose = sampleCpu(options.serverPid);
    const generatorCpuAtClose = generators.map((generator) => sampleCpu(generator.pid));
    const probeAtClose = options.probe ? { value: await options.probe(), at: performance.now() } : null;
    const windowSeconds = (performance.now() - openedAt) / 1000;
    const serverPeakRssMiB = rss.stop();
    await options.onWindow?.("close");
    const reports: GeneratorReport[] = (await Promise.all(generators.map((generator) => generator.next(isReport, 30_000)))).map((m) => m.report);

    const latency = new LatencyHistogram();
    const errorAcks: Record<string, number> = {};
    for (const report of reports) {
      latency.merge(report.latency);
      for (const [code, count] of Object.entries(report.errorAcks)) errorAcks[code] = (errorAcks[code] ?? 0) + count;
    }
    const sum = (pick: (report: GeneratorReport) => number) => reports.reduce((total, report) => total + pick(report), 0);
    return {
      connected,
      connectFailures,
      firstConnectError: ready.find((each) => each.firstError)?.firstError ?? null,
      connectSeconds: Math.max(...ready.map((each) => each.connectSeconds)),
      windowSeconds,
      stoppedAt,
      ackedPerSec: sum((r) => (r.windowSeconds > 0 ? r.ackedInWindow / r.windowSeconds : 0)),
      probedPerSec: probeAtOpen && probeAtClose ? (1000 * (probeAtClose.value - probeAtOpen.value)) / (probeAtClose.at - probeAtOpen.at) : null,
      latency,
      serverCpuPercent: cpuPercentBetween(serverCpuAtOpen, serverCpuAtClose),
      serverWaitPercent: waitPercentBetween(serverCpuAtOpen, serverCpuAtClose),
      serverPeakRssMiB,
      generatorCpuPercent: generatorCpuAtOpen.reduce((total, before, i) => total + cpuPercentBetween(before, generatorCpuAtClose[i]), 0),
      errorAcks,
      sent: sum((r) => r.sentTotal),
      skippedSends: sum((r) => r.skippedSends),
      unackedAfterDrain: sum((r) => r.unackedAfterDrain),
      disconnects: sum((r) => r.disconnects),
    };
  } finally {
    await Promise.all(generators.map((generator) => generator.stop()));
  }
}
