import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import { launchChromium, screenshotter, waitUntil as waitUntilOrShoot, watchForReload } from "../support/browser";
import { startSimulator, type SimulatorProcess } from "../support/simulator-process";
import { ADMIN, startVigil, type VigilProcess } from "../support/vigil-server";

let server: VigilProcess;
let simulator: SimulatorProcess;
let browser: Browser;
let page: Page;

before(async () => {
  server = await startVigil();
  simulator = await startSimulator(server.url, 12);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
});

after(async () => {
  await browser?.close();
  await simulator?.stop();
  await server?.stop();
  server?.cleanup();
});

const shot = screenshotter(() => page);

test("an operator logs in, sees the fleet, and watches a killed node turn down without reloading", async () => {
  await page.goto(`${server.url}/nodes`);
  await page.waitForURL(/\/login/);
  await page.fill('input[name="email"]', ADMIN.email);
  await page.fill('input[name="password"]', "wrong-password");
  await page.click('button[type="submit"]');
  await page.getByText(/wrong email or password/i).waitFor({ timeout: 10_000 });
  await page.fill('input[name="password"]', ADMIN.password);
  await page.click('button[type="submit"]');
  await page.waitForURL((url) => !url.pathname.startsWith("/login"), { timeout: 15_000 });

  await page.goto(`${server.url}/`);
  await page.getByText(/healthy/i).first().waitFor({ timeout: 20_000 });
  await page.waitForTimeout(3000);
  await shot("01-overview");

  await page.goto(`${server.url}/nodes`);
  const rows = page.locator('[role="row"]', { hasText: /sim-/ });
  await waitUntil(async () => (await rows.count()) >= 12 && (await page.locator('[role="row"]', { hasText: /healthy/i }).count()) >= 12, 30_000, "12 healthy rows");
  await shot("02-nodes-healthy");

  const [victim] = (await simulator.nodeIds()).sort();
  assert.ok(victim, "the simulator lists its nodes");
  const victimRow = page.locator('[role="row"]', { hasText: victim });
  let reload = await watchForReload(page);
  await simulator.chaos({ action: "kill", nodes: [victim] });
  await waitUntil(async () => /down/i.test(await victimRow.first().innerText()), 15_000, `${victim} shown down`);
  assert.equal(await reload.wasReloaded(), false, "the page was not reloaded");
  await shot("03-node-down-live");

  await page.goto(`${server.url}/nodes/${victim}`);
  await page.getByText(/disconnected for/i).first().waitFor({ timeout: 10_000 });
  await page.waitForTimeout(1500);
  await shot("04-node-detail-down");

  // A node page follows its own node live: hang another node while watching it.
  const [, watched] = (await simulator.nodeIds()).sort();
  await page.goto(`${server.url}/nodes/${watched}`);
  await page.getByText(/heartbeats arriving/i).first().waitFor({ timeout: 10_000 });

  // The time range lives in the URL (?range=): chosen in the header, kept across a reload.
  const ranges = page.getByRole("radiogroup", { name: "Time range" });
  await ranges.getByRole("radio", { name: "6h" }).click();
  await page.waitForURL(/[?&]range=6h/, { timeout: 10_000 });
  await page.reload();
  await waitUntil(async () => (await ranges.getByRole("radio", { name: "6h" }).getAttribute("aria-checked")) === "true", 10_000, "6h still chosen after a reload");
  await ranges.getByRole("radio", { name: "auto" }).click();
  await page.waitForURL((url) => !url.searchParams.has("range"), { timeout: 10_000 });
  // One crosshair across the node's charts: pointing at one shows every chart's tooltip at that time.
  const chart = page.locator(".recharts-wrapper").first();
  await chart.waitFor({ timeout: 20_000 });
  await chart.scrollIntoViewIfNeeded();
  const visibleTooltips = () =>
    page.locator(".recharts-tooltip-wrapper").evaluateAll((wrappers) => wrappers.filter((wrapper) => getComputedStyle(wrapper).visibility === "visible" && wrapper.textContent).length);
  await waitUntil(
    async () => {
      const box = await chart.boundingBox();
      if (box) await page.mouse.move(box.x + box.width - 24, box.y + box.height / 2);
      return (await visibleTooltips()) >= 2;
    },
    15_000,
    "tooltips on several charts at once",
  );
  await shot("05a-node-charts-crosshair");
  await page.mouse.move(0, 0);
  reload = await watchForReload(page);
  await simulator.chaos({ action: "hang", nodes: [watched] });
  await page.getByText(/no heartbeat for/i).first().waitFor({ timeout: 15_000 });
  assert.equal(await reload.wasReloaded(), false, "the node page was not reloaded");
  await shot("05-node-detail-hung-live");

  await page.goto(`${server.url}/logs`);
  await page.waitForTimeout(2500);
  await shot("06-logs");
});


function waitUntil(check: () => Promise<boolean>, timeoutMs: number, describe: string | (() => string)): Promise<void> {
  return waitUntilOrShoot(check, timeoutMs, describe, shot);
}
