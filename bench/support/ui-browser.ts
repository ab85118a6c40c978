import { existsSync } from "node:fs";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";

/**
 * Chromium for the UI benchmark, and what it measures inside a page: long tasks (the main
 * thread busy for more than 50 ms, Chromium's own `longtask` entries), REST bytes (resource
 * timing of fetch/XHR) and how fast the page answers an input.
 *
 * Page-side code is passed as strings: tsx compiles functions with helpers (`__name`) that do
 * not exist in the page, so a serialised arrow function would throw there.
 */

/** The flags the project runs Debian's Chromium with (see the common brief and tests/support/browser.ts). */
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export async function launchBenchChromium(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  if (!existsSync(executablePath)) throw new Error(`no Chromium at ${executablePath}: install Debian's chromium or set CHROMIUM_PATH`);
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS });
}

/** Installed before any of the page's own scripts, in every page of the context. */
const PROBE_SCRIPT = `
(() => {
  const probe = { longTasks: [], resources: [] };
  Object.defineProperty(window, "__vigilBench", { value: probe });
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) probe.longTasks.push({ start: entry.startTime, duration: entry.duration });
    }).observe({ type: "longtask", buffered: true });
  } catch (error) { probe.longTaskError = String(error); }
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (entry.initiatorType !== "fetch" && entry.initiatorType !== "xmlhttprequest") continue;
      probe.resources.push({ name: entry.name, start: entry.startTime, end: entry.responseEnd, transfer: entry.transferSize, body: entry.decodedBodySize });
    }
  }).observe({ type: "resource", buffered: true });
})();
`;

export async function benchContext(browser: Browser): Promise<BrowserContext> {
  // The probes are strings Playwright compiles inside the page (waitForFunction), which Vigil's
  // Content-Security-Policy forbids (no 'unsafe-eval'); the policy itself costs the page nothing.
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, bypassCSP: true });
  await context.addInitScript({ content: PROBE_SCRIPT });
  return context;
}

export type LongTask = { start: number; duration: number };
export type ResourceEntry = { name: string; start: number; end: number; transfer: number; body: number };

/** Anything that talks to a page that may be frozen must give up. */
export async function withTimeout<T>(promise: Promise<T>, ms: number, fallback: T): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(fallback), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The page's clock (ms since its navigation started), or null when the page does not answer in time. */
export async function pageNow(page: Page, timeoutMs = 30_000): Promise<number | null> {
  return withTimeout(page.evaluate<number>("performance.now()").catch(() => null), timeoutMs, null);
}

export async function longTasksSince(page: Page, since: number, until = Number.POSITIVE_INFINITY): Promise<LongTask[]> {
  const all = await withTimeout(page.evaluate<LongTask[]>("window.__vigilBench.longTasks").catch(() => [] as LongTask[]), 30_000, [] as LongTask[]);
  return all.filter((task) => task.start + task.duration > since && task.start < until);
}

export async function resourcesBetween(page: Page, since: number, until: number): Promise<ResourceEntry[]> {
  const all = await withTimeout(page.evaluate<ResourceEntry[]>("window.__vigilBench.resources").catch(() => [] as ResourceEntry[]), 30_000, [] as ResourceEntry[]);
  return all.filter((entry) => entry.end >= since && entry.end <= until);
}

export type BlockingSummary = { longest: number; total: number; count: number };

/** Longest task, total blocking time (each task's time past 50 ms, as Lighthouse counts it) and how many. */
export function summariseBlocking(tasks: readonly LongTask[]): BlockingSummary {
  let longest = 0;
  let total = 0;
  for (const task of tasks) {
    longest = Math.max(longest, task.duration);
    total += Math.max(0, task.duration - 50);
  }
  return { longest, total, count: tasks.length };
}

/**
 * One input round trip: a key press (dispatched through the browser's input pipeline, answered
 * when the renderer's main thread has handled it) and an evaluation. Null when it took too long.
 */
export async function inputRoundTrip(page: Page, timeoutMs: number): Promise<number | null> {
  const started = performance.now();
  const answered = await withTimeout(
    (async () => {
      await page.keyboard.press("Shift");
      await page.evaluate("0");
      return true;
    })().catch(() => false),
    timeoutMs,
    false,
  );
  return answered ? performance.now() - started : null;
}

/** Elements in the document: what the browser must style, lay out and keep in memory. */
export async function domNodeCount(page: Page): Promise<number | null> {
  return withTimeout(page.evaluate<number>("document.getElementsByTagName('*').length").catch(() => null), 30_000, null);
}

/** Bytes received over the page's websockets (Socket.IO /ui pushes), counted from the protocol. */
export function countWebSocketBytes(page: Page): { bytes: () => number } {
  let bytes = 0;
  page.on("websocket", (socket) => {
    socket.on("framereceived", (frame) => {
      bytes += typeof frame.payload === "string" ? Buffer.byteLength(frame.payload) : frame.payload.length;
    });
  });
  return { bytes: () => bytes };
}
