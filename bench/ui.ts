/**
 * The browser at fleet scale: a built Vigil with a simulated fleet (default 10,000 nodes, the
 * real agent protocol), headless Chromium logged in as an operator, and for each page (overview,
 * nodes, load groups, ring, replica groups):
 *
 *  - ready: navigation → the main content shows data from the server (a page-specific selector);
 *  - interactive: ready, and then three key presses in a row, 100 ms apart, each answered within
 *    100 ms (the main thread is free to handle input). Target ≤ 2 s from navigation;
 *  - DOM elements once settled;
 *  - live: for --live-seconds while fleet deltas flow, the longest main-thread task (Chromium's
 *    `longtask` entries, > 50 ms) and the total blocking time (each task's time past 50 ms).
 *    Target: no task over 200 ms. Plus REST bytes fetched a minute (polling) and websocket
 *    bytes received a minute (Socket.IO pushes);
 *  - what an operator does there (nodes: scroll to the bottom, sort by a column, type a filter;
 *    scatter and ring: point at things; replica groups: filter), each with its response time and
 *    the longest task it caused (target ≤ 200 ms).
 *
 *   VIGIL_NEXT_DIST_DIR=.next npm run build   # once (the folder the server serves)
 *   npm run bench:ui [-- --nodes 10000] [--interval 1000] [--live-seconds 20] [--pages nodes,ring]
 *                    [--simulator path/to/agent/simulate.ts] [--simulator-args "--connect-rate 500"]
 *
 * The simulator runs as one process on this machine; `--interval` lengthens every node's
 * heartbeat interval when the server cannot take one a second from each (the figure printed
 * says which interval was used). Screenshots go to test-artifacts/bench-ui/, figures to
 * bench/results/ui-<date>.json.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import type { Page } from "playwright-core";
import { ADMIN } from "../tests/support/vigil-server";
import { positiveNumberOption } from "./support/bench-options";
import { REPO_ROOT } from "./support/child";
import { dateStamp } from "./support/format";
import {
  benchContext,
  countWebSocketBytes,
  domNodeCount,
  launchBenchChromium,
  longTasksSince,
  pageNow,
  resourcesBetween,
  summariseBlocking,
  withTimeout,
  type BlockingSummary,
} from "./support/ui-browser";
import { BUILD_DIR, fitGroupingToInterval, startBuiltVigilForUi, startSimulatedFleet, waitForFleet } from "./support/ui-fleet";
import { measureInteraction, pageScenarios, waitUntilInteractive, type InteractionResult, type PageScenario } from "./support/ui-pages";
import { scrapeMetrics, sleep } from "./support/vigil";

const { values: options } = parseArgs({
  options: {
    nodes: { type: "string" },
    interval: { type: "string" },
    "live-seconds": { type: "string" },
    "page-timeout": { type: "string" },
    "fleet-timeout": { type: "string" },
    pages: { type: "string" },
    simulator: { type: "string" },
    "simulator-args": { type: "string" },
  },
  strict: true,
});

const plan = {
  nodes: Math.round(positiveNumberOption(options.nodes, "nodes", 10_000)),
  intervalMs: Math.round(positiveNumberOption(options.interval, "interval", 1_000)),
  liveMs: positiveNumberOption(options["live-seconds"], "live-seconds", 20) * 1000,
  pageTimeoutMs: positiveNumberOption(options["page-timeout"], "page-timeout", 120) * 1000,
  fleetTimeoutMs: positiveNumberOption(options["fleet-timeout"], "fleet-timeout", 600) * 1000,
  pages: options.pages ? options.pages.split(",").map((name) => name.trim()) : null,
  simulator: options.simulator ?? "agent/simulate.ts",
  simulatorArgs: options["simulator-args"] ? options["simulator-args"].split(/\s+/).filter(Boolean) : [],
};

const TARGET_INTERACTIVE_MS = 2_000;
const TARGET_LONGEST_TASK_MS = 200;
/** An input answered within this is "the page is responsive" for the interactive probe. */
const QUICK_INPUT_MS = 100;
const SETTLE_MS = 3_000;
const SHOTS = join(REPO_ROOT, "test-artifacts", "bench-ui");

type PageResult = {
  page: string;
  path: string;
  readyMs: number | null;
  navigation: { responseStart: number; domContentLoaded: number } | null;
  slowestApi: { path: string; ms: number } | null;
  /** Interactive minus the end of the last API answer before ready: the page's own time. */
  interactiveAfterDataMs: number | null;
  interactiveMs: number | null;
  loadBlocking: BlockingSummary;
  domNodes: number | null;
  live: BlockingSummary & { seconds: number; restBytesPerMinute: number; restRequestsPerMinute: number; socketBytesPerMinute: number; restPaths: Record<string, number> };
  interactions: InteractionResult[];
  error?: string;
};

const log = (line: string) => console.log(line);

async function logIn(page: Page, serverUrl: string): Promise<void> {
  await page.goto(`${serverUrl}/login`);
  await page.fill('input[name="email"]', ADMIN.email);
  await page.fill('input[name="password"]', ADMIN.password);
  await page.click('button[type="submit"]');
  await page.waitForURL((url) => !url.pathname.startsWith("/login"), { timeout: 60_000 });
}

function pathOf(url: string): string {
  try {
    const parsed = new URL(url);
    return parsed.pathname + (parsed.search ? "?" + [...parsed.searchParams.keys()].join("&") : "");
  } catch {
    return url;
  }
}

async function measurePage(page: Page, scenario: PageScenario, serverUrl: string): Promise<PageResult> {
  const socket = countWebSocketBytes(page);
  const started = performance.now();
  await page.goto(`${serverUrl}${scenario.path}`, { waitUntil: "commit", timeout: plan.pageTimeoutMs }).catch(() => undefined);
  const { readyMs, interactiveMs } = await waitUntilInteractive(page, scenario, started, plan.pageTimeoutMs, QUICK_INPUT_MS);
  const navigation = await withTimeout(
    page
      .evaluate<{ responseStart: number; domContentLoaded: number } | null>(
        `(() => { const entry = performance.getEntriesByType("navigation")[0]; return entry ? { responseStart: entry.responseStart, domContentLoaded: entry.domContentLoadedEventEnd } : null; })()`,
      )
      .catch(() => null),
    30_000,
    null,
  );
  const loadEnd = (await pageNow(page)) ?? 0;
  const loadBlocking = summariseBlocking(await longTasksSince(page, 0, loadEnd));
  // The server's share of the wait: the slowest API answer the page had before it showed data.
  const apiBeforeReady = readyMs === null ? [] : await resourcesBetween(page, 0, readyMs);
  const apiCalls = apiBeforeReady.filter((entry) => pathOf(entry.name).startsWith("/api/v1/"));
  const slowestApi = apiCalls.reduce<{ path: string; ms: number } | null>(
    (slowest, entry) => (!slowest || entry.end - entry.start > slowest.ms ? { path: pathOf(entry.name), ms: entry.end - entry.start } : slowest),
    null,
  );
  // The browser's own share: from the last API answer it waited for to the page answering input.
  const lastApiEnd = apiCalls.reduce((latest, entry) => Math.max(latest, entry.end), 0);
  const interactiveAfterDataMs = interactiveMs === null || apiCalls.length === 0 ? null : Math.max(0, interactiveMs - lastApiEnd);
  log(
    `  ${scenario.name}: HTML first byte ${fmtMs(navigation?.responseStart)}, DOMContentLoaded ${fmtMs(navigation?.domContentLoaded)}, ` +
      `slowest API answer ${slowestApi ? `${fmtMs(slowestApi.ms)} (${slowestApi.path})` : "none"}, ready ${fmtSeconds(readyMs)}, interactive ${fmtSeconds(interactiveMs)}`,
  );

  await sleep(SETTLE_MS);
  const domNodes = await domNodeCount(page);
  await withTimeout(page.screenshot({ path: join(SHOTS, `${scenario.name.replace(/\s+/g, "-")}.png`) }).catch(() => undefined), 30_000, undefined);

  const liveStart = (await pageNow(page)) ?? 0;
  const socketBefore = socket.bytes();
  const liveStartedAt = performance.now();
  await sleep(plan.liveMs);
  const liveEnd = (await pageNow(page)) ?? liveStart + plan.liveMs;
  const liveSeconds = (performance.now() - liveStartedAt) / 1000;
  const socketBytes = socket.bytes() - socketBefore;
  const liveTasks = await longTasksSince(page, liveStart, liveEnd);
  const resources = await resourcesBetween(page, liveStart, liveEnd);
  const perMinute = 60 / liveSeconds;
  const restPaths: Record<string, number> = {};
  for (const entry of resources) restPaths[pathOf(entry.name)] = (restPaths[pathOf(entry.name)] ?? 0) + entry.transfer;

  const interactions: InteractionResult[] = [];
  if (readyMs !== null) {
    for (const interaction of scenario.interactions) {
      const result = await measureInteraction(page, interaction);
      interactions.push(result);
      log(`    ${interaction.name}: ${fmtMs(result.responseMs)} (slowest input ${fmtMs(result.slowestInputMs)}, longest task ${fmtMs(result.blocking.longest)})`);
    }
    await withTimeout(page.screenshot({ path: join(SHOTS, `${scenario.name.replace(/\s+/g, "-")}-after.png`) }).catch(() => undefined), 30_000, undefined);
  }

  return {
    page: scenario.name,
    path: scenario.path,
    readyMs,
    navigation,
    slowestApi,
    interactiveAfterDataMs,
    interactiveMs,
    loadBlocking,
    domNodes,
    live: {
      ...summariseBlocking(liveTasks),
      seconds: liveSeconds,
      restBytesPerMinute: resources.reduce((sum, entry) => sum + entry.transfer, 0) * perMinute,
      restRequestsPerMinute: resources.length * perMinute,
      socketBytesPerMinute: socketBytes * perMinute,
      restPaths: Object.fromEntries(Object.entries(restPaths).map(([path, bytes]) => [path, Math.round(bytes * perMinute)])),
    },
    interactions,
  };
}

function fmtSeconds(ms: number | null): string {
  return ms === null ? "never" : `${(ms / 1000).toFixed(2)} s`;
}

function fmtMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return "never";
  return `${Math.round(ms)} ms`;
}

function fmtBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${Math.round(bytes)} B`;
}

function verdict(value: number | null, target: number): string {
  return value !== null && value <= target ? "PASS" : "FAIL";
}

function printResults(results: readonly PageResult[]): void {
  const rows: [string, string, string, string, string][] = [["page", "figure", "value", "target", ""]];
  for (const result of results) {
    rows.push([result.page, "HTML first byte / DOMContentLoaded", `${fmtMs(result.navigation?.responseStart)} / ${fmtMs(result.navigation?.domContentLoaded)}`, "", ""]);
    rows.push(["", "slowest API answer before ready", result.slowestApi ? `${fmtMs(result.slowestApi.ms)} ${result.slowestApi.path}` : "none", "", ""]);
    rows.push(["", "ready (data shown)", fmtSeconds(result.readyMs), "", ""]);
    rows.push(["", "interactive", fmtSeconds(result.interactiveMs), "≤ 2 s", verdict(result.interactiveMs, TARGET_INTERACTIVE_MS)]);
    rows.push(["", "  of which after the last API answer", fmtSeconds(result.interactiveAfterDataMs), "", ""]);
    rows.push(["", "longest task while loading", fmtMs(result.loadBlocking.longest), "", ""]);
    rows.push(["", "DOM elements", result.domNodes === null ? "n/a" : result.domNodes.toLocaleString("en-US"), "", ""]);
    rows.push(["", `live ${Math.round(result.live.seconds)} s: longest task`, fmtMs(result.live.longest), "≤ 200 ms", verdict(result.live.longest, TARGET_LONGEST_TASK_MS)]);
    rows.push(["", `live: total blocking (${result.live.count} tasks)`, fmtMs(result.live.total), "", ""]);
    rows.push(["", "live: REST fetched / min", `${fmtBytes(result.live.restBytesPerMinute)} (${Math.round(result.live.restRequestsPerMinute)} req)`, "", ""]);
    rows.push(["", "live: websocket received / min", fmtBytes(result.live.socketBytesPerMinute), "", ""]);
    for (const interaction of result.interactions) {
      rows.push(["", interaction.name, `${fmtMs(interaction.responseMs)} (slowest input ${fmtMs(interaction.slowestInputMs)})`, "", interaction.note ?? ""]);
      rows.push(["", "  longest task during it", fmtMs(interaction.blocking.longest), "≤ 200 ms", verdict(interaction.blocking.longest, TARGET_LONGEST_TASK_MS)]);
    }
    if (result.error) rows.push(["", "error", result.error, "", "FAIL"]);
  }
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  console.log("");
  for (const [index, row] of rows.entries()) {
    console.log(row.map((cell, column) => cell.padEnd(widths[column])).join("  ").trimEnd());
    if (index === 0) console.log(widths.map((width) => "-".repeat(width)).join("  "));
  }
  const checks = results.flatMap((result) => [
    result.interactiveMs !== null && result.interactiveMs <= TARGET_INTERACTIVE_MS,
    result.live.longest <= TARGET_LONGEST_TASK_MS,
    ...result.interactions.map((interaction) => interaction.blocking.longest <= TARGET_LONGEST_TASK_MS),
  ]);
  const passed = checks.filter(Boolean).length;
  console.log(`\n${passed}/${checks.length} checks pass.`);
}

async function main(): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  log(
    `UI benchmark: ${plan.nodes} simulated nodes, heartbeat every ${plan.intervalMs} ms (${Math.round((plan.nodes * 1000) / plan.intervalMs)} heartbeats/s), build ${BUILD_DIR}, ` +
      `simulator ${plan.simulator}${plan.simulatorArgs.length ? ` ${plan.simulatorArgs.join(" ")}` : ""}`,
  );
  const server = await startBuiltVigilForUi({});
  const grouping = await fitGroupingToInterval(server, plan.intervalMs);
  if (grouping) log(`  ${grouping}`);
  const fleet = startSimulatedFleet(server.url, plan.nodes, plan.intervalMs, plan.simulator, plan.simulatorArgs);
  const results: PageResult[] = [];
  let browser: Awaited<ReturnType<typeof launchBenchChromium>> | null = null;
  // An interrupted run must not leave a server and 10,000 agents behind.
  const abandon = () => {
    void Promise.allSettled([browser?.close(), fleet.stop(5_000), server.kill()]).then(() => {
      server.cleanup();
      process.exit(130);
    });
  };
  process.once("SIGINT", abandon);
  process.once("SIGTERM", abandon);
  try {
    const readiness = await waitForFleet(server, plan.nodes, plan.fleetTimeoutMs, log);
    const stats = readiness.stats;
    log(
      `fleet: ${stats?.connectedAgents ?? "?"} agents connected (after ${fmtSeconds(readiness.connectedAfterMs)}), ${stats?.total ?? "?"} nodes, ` +
        `${Math.round(stats?.heartbeatsPerSec ?? 0)} heartbeats/s, ${readiness.groupedNodes} nodes grouped, ${readiness.ringGroups} groups on the ring (${readiness.pendingGroups} pending)`,
    );

    browser = await launchBenchChromium();
    const context = await benchContext(browser);
    const loginPage = await context.newPage();
    await logIn(loginPage, server.url);
    await loginPage.close();

    const all = pageScenarios({ nodes: plan.nodes });
    const scenarios = plan.pages ? all.filter((scenario) => plan.pages?.some((name) => scenario.name.startsWith(name) || scenario.path === `/${name}`)) : all;
    for (const scenario of scenarios) {
      const page = await context.newPage();
      try {
        results.push(await measurePage(page, scenario, server.url));
      } catch (error) {
        const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
        log(`  ${scenario.name}: ${message}`);
        results.push({
          page: scenario.name,
          path: scenario.path,
          readyMs: null,
          navigation: null,
          slowestApi: null,
          interactiveAfterDataMs: null,
          interactiveMs: null,
          loadBlocking: { longest: 0, total: 0, count: 0 },
          domNodes: null,
          live: { longest: Number.NaN, total: 0, count: 0, seconds: 0, restBytesPerMinute: 0, restRequestsPerMinute: 0, socketBytesPerMinute: 0, restPaths: {} },
          interactions: [],
          error: message,
        });
      } finally {
        await withTimeout(page.close({ runBeforeUnload: false }).catch(() => undefined), 30_000, undefined);
      }
    }

    const metrics = await scrapeMetrics(server).catch(() => new Map<string, number>());
    const lagSamples = metrics.get("vigil_event_loop_lag_seconds_count");
    const lagUnderHalfSecond = metrics.get('vigil_event_loop_lag_seconds_bucket{le="0.5"}');
    log(
      `\nserver at the end: ${metrics.get("vigil_connected_agents") ?? "?"} agents connected; event-loop lag over 0.5 s in ` +
        (lagSamples !== undefined && lagUnderHalfSecond !== undefined ? `${lagSamples - lagUnderHalfSecond} of ${lagSamples} samples since start` : "n/a"),
    );
    printResults(results);
    log(`\n${plan.nodes} nodes, heartbeat interval ${plan.intervalMs} ms; screenshots in ${SHOTS}`);
    const resultsDir = join(REPO_ROOT, "bench", "results");
    mkdirSync(resultsDir, { recursive: true });
    const file = join(resultsDir, `ui-${dateStamp()}.json`);
    writeFileSync(file, JSON.stringify({ plan, fleet: readiness, results }, null, 2));
    log(`figures in ${file}`);
  } finally {
    await browser?.close().catch(() => undefined);
    await fleet.stop(10_000);
    await server.stop();
    server.cleanup();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
