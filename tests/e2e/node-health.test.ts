import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { Browser, Locator, Page } from "playwright-core";
import { launchChromium, logIn, screenshotter, waitUntil as waitUntilOrShoot } from "../support/browser";
import { startSimulator, type SimulatorProcess } from "../support/simulator-process";
import { api, startVigil, type VigilProcess } from "../support/vigil-server";

/**
 * A crash-looping service on a node whose agent stays connected: the detector keeps calling the
 * node healthy (its heartbeats arrive), but the node must not be shown green, on the Nodes page
 * or its own page, and a restart the agent carried out must not read as a green "succeeded"
 * once the service is still failing afterwards.
 */
const FLEET_SIZE = 6;
/** Down this long, up this long, in turns: long enough for the restart ladder to confirm (3 s) and restart. */
const CRASH_PERIOD_MS = 5_000;

let server: VigilProcess;
let simulator: SimulatorProcess;
let browser: Browser;
let page: Page;

type NodesAnswer = { items: { id: string; state: string; service?: { status: string; reason: string | null } | null }[] };
type ActionAnswer = { items: { id: string; kind: string; target: string; state: string; outcome: string | null }[] };

before(async () => {
  server = await startVigil();
  simulator = await startSimulator(server.url, FLEET_SIZE);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1600, height: 1400 } });
});

after(async () => {
  await browser?.close();
  await simulator?.stop();
  await server?.stop();
  server?.cleanup();
});

const shot = screenshotter(() => page);

function waitUntil(check: () => Promise<boolean>, timeoutMs: number, describe: string | (() => string)): Promise<void> {
  return waitUntilOrShoot(check, timeoutMs, describe, shot);
}

async function badgeOf(scope: Locator): Promise<{ state: string | null; className: string; text: string }> {
  const badge = scope.locator('[data-testid="state-badge"]').first();
  return { state: await badge.getAttribute("data-state"), className: (await badge.getAttribute("class")) ?? "", text: (await badge.innerText()).trim() };
}

const notGreen = (badge: { state: string | null; className: string; text: string }) =>
  badge.state !== "healthy" && !/green/.test(badge.className) && !/^healthy$/i.test(badge.text);

test("a crash-looping node is never green; a healthy one is", async () => {
  const ids = (await simulator.nodeIds()).sort();
  assert.ok(ids.length >= 2, "the simulator lists its nodes");
  const [, sick] = ids;
  const well = ids[ids.length - 1];

  await logIn(page, server.url, "/nodes");
  const rowOf = (id: string) => page.locator('[role="row"]', { hasText: id }).first();
  await waitUntil(async () => (await badgeOf(rowOf(well)).catch(() => null))?.state === "healthy" && (await badgeOf(rowOf(sick)).catch(() => null))?.state === "healthy", 30_000, "both nodes healthy");
  // The new columns are there and sortable.
  await page.getByRole("columnheader", { name: /errors/i }).waitFor();
  await page.getByRole("columnheader", { name: /latency/i }).waitFor();

  await simulator.chaos({ action: "crashloop", nodes: [sick], periodMs: CRASH_PERIOD_MS });
  const crashloopStarted = Date.now();
  await waitUntil(async () => notGreen(await badgeOf(rowOf(sick))), 15_000, `${sick} not green in the Nodes table`);

  // Through several up-and-down turns of the service, the row never goes back to green.
  for (let sample = 0; sample < 8; sample++) {
    const badge = await badgeOf(rowOf(sick));
    assert.ok(notGreen(badge), `${sick} shown ${badge.state} (${badge.text}, ${badge.className}) while its service crash-loops`);
    // Suspect while a restart of the ladder hangs it (the simulated restart pauses heartbeats 1.5 s).
    assert.match(badge.state ?? "", /^(degraded|service_down|suspect)$/);
    await page.waitForTimeout(1_500);
  }
  const wellBadge = await badgeOf(rowOf(well));
  assert.equal(wellBadge.state, "healthy");
  assert.match(wellBadge.className, /green/);
  await shot("node-health-01-table");

  // The API says the same, with a reason, apart from the detector's state.
  const nodes = await api<NodesAnswer>(server, "/api/v1/nodes");
  const sickView = nodes.body.items.find((node) => node.id === sick);
  assert.equal(sickView?.state, "healthy", "the detector still hears the agent");
  assert.notEqual(sickView?.service?.status, "ok");
  assert.ok(sickView?.service?.reason, "the verdict says why");
  assert.equal(nodes.body.items.find((node) => node.id === well)?.service?.status, "ok");

  // The node's own page: the header badge, the service line and the recovery holds.
  await page.goto(`${server.url}/nodes/${sick}`);
  const header = page.locator('[data-testid="node-header"]');
  await header.waitFor({ timeout: 15_000 });
  await waitUntil(async () => notGreen(await badgeOf(header)), 10_000, `${sick}'s page header not green`);
  assert.match((await header.getAttribute("data-health")) ?? "", /^(degraded|service_down)$/);
  await page.locator('[data-testid="node-service"]').waitFor();
  await page.locator('[data-testid="node-recovery-blocks"]').waitFor();
  await shot("node-health-02-sick-node");

  await page.goto(`${server.url}/nodes/${well}`);
  await header.waitFor({ timeout: 15_000 });
  await waitUntil(async () => (await badgeOf(header)).state === "healthy", 10_000, `${well}'s page header healthy`);
  assert.match((await badgeOf(header)).className, /green/);

  // Vigil restarts the crash-looping service; the agent acknowledges, but the service keeps failing.
  const unhealed = async () => {
    const answer = await api<ActionAnswer>(server, `/api/v1/actions?target=${sick}`);
    return answer.body.items.find((action) => action.kind === "restart" && action.state === "succeeded" && action.outcome?.startsWith("did not heal"));
  };
  await waitUntil(async () => (await unhealed()) !== undefined, Math.max(5_000, 55_000 - (Date.now() - crashloopStarted)), "a restart recorded as did not heal");
  await page.goto(`${server.url}/recovery`);
  const badge = page.locator('[data-verdict="did-not-heal"]').first();
  await badge.waitFor({ timeout: 15_000 });
  assert.match(await badge.innerText(), /did not heal/i);
  assert.match((await badge.getAttribute("class")) ?? "", /amber/);
  await shot("node-health-03-did-not-heal");
});
