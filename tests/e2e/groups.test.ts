import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import { launchChromium, logIn, screenshotter, waitUntil as waitUntilOrShoot, watchForReload } from "../support/browser";
import { startSimulator, type SimulatorProcess } from "../support/simulator-process";
import { api, startVigil, type VigilProcess } from "../support/vigil-server";

const FLEET_SIZE = 30;
let server: VigilProcess;
let simulator: SimulatorProcess;
let browser: Browser;
let page: Page;

type SimulatedNode = { id: string; shape: string };

before(async () => {
  server = await startVigil({ env: { VIGIL_GROUPING_INTERVAL: "2" } });
  // A 20 s window lets a new outlier move its mean within a few runs instead of a minute.
  const saved = await api<{ settings: { windowSeconds: number } }>(server, "/api/v1/groups/settings", {
    method: "PUT",
    body: JSON.stringify({
      k: "auto",
      metrics: ["cpu", "mem", "disk", "netIn", "netOut", "load1", "latencyMs", "errorRate"],
      windowSeconds: 20,
      minSamples: 5,
      intervalSeconds: 2,
    }),
  });
  assert.equal(saved.status, 200, JSON.stringify(saved.body));
  simulator = await startSimulator(server.url, FLEET_SIZE);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1440, height: 1400 } });
});

after(async () => {
  await browser?.close();
  await simulator?.stop();
  await server?.stop();
  server?.cleanup();
});

const shot = screenshotter(() => page);

async function simulatedNodes(): Promise<SimulatedNode[]> {
  const body = (await (await fetch(`${simulator.controlUrl}/nodes`)).json()) as { nodes: SimulatedNode[] };
  return body.nodes;
}

const point = (nodeId: string) => page.locator(`[data-testid="group-scatter"] [data-node-id="${nodeId}"]`);

type Placement = { name: string; rank: number; cpu: number };

/** The group a node's point is drawn in, with that group's rank (0 = hottest) and CPU centroid from the table. */
async function placementOf(nodeId: string): Promise<Placement | null> {
  const name = await point(nodeId).first().getAttribute("data-group-name", { timeout: 1000 }).catch(() => null);
  if (!name) return null;
  const row = page.locator(`tr[data-group-name="${name}"]`).first();
  const rank = await row.getAttribute("data-group-rank", { timeout: 1000 }).catch(() => null);
  const cpu = await row.locator('[data-metric="cpu"]').getAttribute("data-value", { timeout: 1000 }).catch(() => null);
  return rank === null || cpu === null ? null : { name, rank: Number(rank), cpu: Number(cpu) };
}

async function highestCpuCentroid(): Promise<number> {
  const values = await page.locator('tr[data-group-name] [data-metric="cpu"]').evaluateAll((cells) => cells.map((cell) => Number(cell.getAttribute("data-value"))));
  return Math.max(...values);
}

test("an operator sees the fleet's load groups, the hot nodes grouped as the hottest, and a new outlier ringed live", async (t) => {
  await logIn(page, server.url, "/groups");

  // The page is opened before any run exists and must fill in by itself, without a reload.
  const reload = await watchForReload(page);
  await waitUntil(async () => (await page.locator('[data-testid="group-scatter"] [data-node-id]').count()) === FLEET_SIZE, 45_000, "every node on the scatter");
  await shot("groups-01-scatter");

  const hot = (await simulatedNodes()).filter((node) => node.shape === "hot").map((node) => node.id);
  assert.ok(hot.length >= 1, "the simulator has hot nodes");
  // The server's names come from which metric family stands out most in scaled units; with this
  // simulator the hot nodes' latency (which grows with load⁴) often outranks their CPU, so the
  // hottest group is named "slow" as often as "cpu-hot". What must hold is the grouping itself:
  // the hot nodes share one group, ranked hottest, with the highest CPU centroid.
  // An object, not a `let`: TypeScript can't see the callback assign it and would narrow it to null.
  const seen: { hotGroup: Placement | null } = { hotGroup: null };
  await waitUntil(
    async () => {
      const placements = await Promise.all(hot.map(placementOf));
      const first = placements[0];
      if (!first || placements.some((placement) => placement?.name !== first.name)) return false;
      seen.hotGroup = first;
      return first.rank === 0 && first.cpu === (await highestCpuCentroid());
    },
    30_000,
    () => `hot nodes ${hot.join(", ")} together in the hottest group (last seen: ${JSON.stringify(seen.hotGroup)})`,
  );
  t.diagnostic(`hot nodes ${hot.join(", ")} grouped in "${seen.hotGroup?.name}"`);
  await shot("groups-02-hot-group");

  const victim = (await simulatedNodes()).map((node) => node.id).filter((id) => !hot.includes(id)).sort()[5];
  await simulator.chaos({ action: "outlier", nodes: [victim] });
  await waitUntil(async () => (await point(victim).getAttribute("data-outlier", { timeout: 1000 }).catch(() => null)) === "true", 60_000, `${victim} ringed as an outlier`);
  await page.locator(`[data-outlier-node="${victim}"]`).waitFor({ timeout: 10_000 });
  assert.equal(await reload.wasReloaded(), false, "the page was not reloaded");
  await shot("groups-03-outlier-ringed");

  await page.goto(`${server.url}/nodes/${victim}`);
  await page.getByRole("list", { name: "Group history" }).getByText("outlier").first().waitFor({ timeout: 15_000 });
  await shot("groups-04-node-load-group");
});


function waitUntil(check: () => Promise<boolean>, timeoutMs: number, describe: string | (() => string)): Promise<void> {
  return waitUntilOrShoot(check, timeoutMs, describe, shot);
}
