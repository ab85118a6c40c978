import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import { launchChromium, logIn, screenshotter, waitUntil as waitUntilOrShoot, watchForReload } from "../support/browser";
import { startSimulator, type SimulatorProcess } from "../support/simulator-process";
import { api, startVigil, type VigilProcess } from "../support/vigil-server";

/** Three nodes a replica group: shard-01 .. shard-04. */
const FLEET_SIZE = 12;
const GROUPS = ["shard-01", "shard-02", "shard-03", "shard-04"];
const REMOVED = "shard-02";
let server: VigilProcess;
let simulator: SimulatorProcess;
let browser: Browser;
let page: Page;

type RingAnswer = { epoch: number; groups: { id: string; ownership: number }[]; agentsBehind: { nodeId: string }[]; settings: { autoJoin: boolean } };
type LookupAnswer = { key: string; hash: number; group: string; node: string | null; epoch: number };

before(async () => {
  // Approval mode: the lost primary's failover waits for an operator, so the incident stays open
  // long enough to be acknowledged (in auto mode Vigil heals it within seconds and resolves it).
  server = await startVigil({ env: { VIGIL_RECOVERY_MODE: "approval" } });
  simulator = await startSimulator(server.url, FLEET_SIZE);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1440, height: 1200 } });
});

after(async () => {
  await browser?.close();
  await simulator?.stop();
  await server?.stop();
  server?.cleanup();
});

const shot = screenshotter(() => page);

async function ring(): Promise<RingAnswer> {
  const answer = await api<RingAnswer>(server, "/api/v1/ring");
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  return answer.body;
}


const tableGroupIds = () => page.locator('[data-testid="ring-ownership-table"] tr[data-group-id]').evaluateAll((rows) => rows.map((row) => row.getAttribute("data-group-id")));

test("an operator reads the ring, looks up a key, previews and applies a removal, and watches the agents catch up", async (t) => {
  await logIn(page, server.url, "/ring");
  const reload = await watchForReload(page);

  // The simulated groups auto-join within seconds; the page fills in by polling, without a reload.
  await waitUntil(async () => JSON.stringify((await tableGroupIds()).sort()) === JSON.stringify(GROUPS), 45_000, "every simulated group in the ownership table");
  await page.locator('[data-testid="ring-diagram"][data-arcs]:not([data-arcs="0"]) canvas').waitFor({ timeout: 10_000 });
  await waitUntil(async () => (await page.getAttribute('[data-testid="ring-summary"]', "data-behind")) === "0", 30_000, "every agent on the current epoch");
  // The centre and the header count the same groups (they once came from different epochs).
  await waitUntil(async () => (await page.locator('[data-testid="ring-centre-count"]').textContent()) === `${GROUPS.length} groups`, 10_000, "the centre counting every group");
  assert.match((await page.locator('[data-testid="ring-summary"]').textContent()) ?? "", new RegExp(`${GROUPS.length} groups`));
  assert.equal(await page.locator('[data-testid="ring-share-bars"] [data-share-group]').count(), GROUPS.length);
  // The canvas still says which group is under the pointer: the top of the ring (hash 0) belongs to someone.
  const box = await page.locator('[data-testid="ring-canvas"]').boundingBox();
  assert.ok(box, "the ring canvas has a box");
  await page.mouse.move(box.x + box.width / 2 + 2, box.y + box.height * (1 - 184 / 230) / 2);
  const hover = page.locator('[data-testid="ring-hover"]');
  await hover.waitFor({ timeout: 5_000 });
  assert.ok(GROUPS.includes((await hover.getAttribute("data-group")) ?? ""), `hovered ${await hover.getAttribute("data-group")}`);
  await page.mouse.move(0, 0);
  await shot("ring-01-overview");

  // Key lookup: the page highlights the same owner and node as the API says.
  const key = "user:1042";
  await page.fill('[data-testid="ring-lookup-input"]', key);
  await page.getByRole("button", { name: "Look up" }).click();
  const result = page.locator('[data-testid="ring-lookup-result"]');
  await result.waitFor({ timeout: 10_000 });
  const expected = await api<LookupAnswer>(server, `/api/v1/ring/lookup?key=${encodeURIComponent(key)}`);
  assert.equal(expected.status, 200);
  assert.equal(await result.getAttribute("data-group"), expected.body.group);
  assert.equal(await result.getAttribute("data-node"), expected.body.node ?? "");
  assert.equal(Number(await result.getAttribute("data-hash")), expected.body.hash);
  assert.equal(await page.getAttribute('[data-testid="ring-key-marker"]', "data-group"), expected.body.group);
  if (expected.body.node) assert.equal(await page.locator('[data-testid="ring-lookup-node"]').textContent(), expected.body.node);
  t.diagnostic(`${key} → ${expected.body.group} served by ${expected.body.node}`);
  await shot("ring-02-lookup");

  // Auto-join off (through the UI), or the removed group would rejoin at once.
  const toggle = page.locator('[data-testid="ring-auto-join"]');
  if ((await toggle.getAttribute("aria-checked")) === "true") await toggle.click();
  await waitUntil(async () => !(await ring()).settings.autoJoin, 10_000, "auto-join off");
  await waitUntil(async () => (await toggle.getAttribute("aria-checked")) === "false", 10_000, "the toggle showing auto-join off");

  // Preview a removal: exactly the removed group's keys move.
  const before = await ring();
  await page.locator(`[data-remove-group="${REMOVED}"]`).click();
  await page.locator('[data-testid="ring-preview-button"]').click();
  const movedShare = page.locator('[data-testid="ring-moved-share"]');
  await movedShare.waitFor({ timeout: 10_000 });
  const ownershipText = await page.locator(`tr[data-group-id="${REMOVED}"] [data-testid="ring-ownership"]`).textContent();
  assert.equal(await movedShare.textContent(), ownershipText);
  const removedShare = before.groups.find((group) => group.id === REMOVED)?.ownership ?? Number.NaN;
  const previewedShare = Number(await page.getAttribute('[data-testid="ring-preview"]', "data-moved-share"));
  assert.ok(Math.abs(previewedShare - removedShare) < 1e-9, `moved ${previewedShare}, ${REMOVED} owned ${removedShare}`);
  await page.locator('[data-testid="ring-moved-ranges"]').waitFor({ timeout: 5_000 });
  t.diagnostic(`removing ${REMOVED} moves ${ownershipText}`);
  await shot("ring-03-preview");

  // Apply with a reason; the page follows the new epoch until no agent is behind.
  await page.locator('[data-testid="ring-apply"]').click();
  const dialog = page.getByRole("dialog");
  await dialog.waitFor({ timeout: 5_000 });
  await page.fill('[data-testid="ring-apply-reason"]', "e2e: take shard-02 out");
  await dialog.getByRole("button", { name: "Apply", exact: true }).click();
  const progress = page.locator('[data-testid="ring-apply-progress"]');
  await progress.waitFor({ timeout: 10_000 });
  const newEpoch = Number(await progress.getAttribute("data-epoch"));
  assert.ok(newEpoch > before.epoch, `new epoch ${newEpoch} after ${before.epoch}`);
  await waitUntil(async () => (await progress.getAttribute("data-done")) === "true", 45_000, `agents acknowledging epoch ${newEpoch}`);
  assert.equal(await page.getAttribute('[data-testid="ring-summary"]', "data-epoch"), String(newEpoch));
  assert.equal(await page.getAttribute('[data-testid="ring-summary"]', "data-behind"), "0");
  const after = await ring();
  assert.equal(after.epoch, newEpoch);
  assert.deepEqual(after.agentsBehind, []);
  await waitUntil(async () => !(await tableGroupIds()).includes(REMOVED), 10_000, `${REMOVED} gone from the table`);
  await page.locator(`[data-pending-group="${REMOVED}"]`).waitFor({ timeout: 10_000 });
  await page.locator(`[data-testid="ring-epochs"] tr[data-epoch="${newEpoch}"]`).getByText("e2e: take shard-02 out").waitFor({ timeout: 20_000 });
  assert.equal(await reload.wasReloaded(), false, "the page was not reloaded");
  await shot("ring-04-applied");
});

test("a group that loses its primary shows the problem live on its row and an incident an operator can acknowledge", async () => {
  await page.goto(`${server.url}/replica-groups`);
  const reload = await watchForReload(page);
  const card = page.locator('[data-replica-group="shard-01"]');
  await card.waitFor({ timeout: 15_000 });
  // One line per group until opened: the members table is not drawn for a closed row.
  assert.equal(await card.locator('[data-testid="replica-group-details"]').count(), 0);
  await card.locator('[data-testid="replica-group-toggle"]').click();
  await card.locator('[data-testid="replica-group-details"] table').waitFor({ timeout: 5_000 });

  // The page is open when the primary dies: the change is pushed ("replica-groups:changed"), not found on reload.
  await simulator.chaos({ action: "kill", nodes: ["sim-a-001"] });
  await waitUntil(async () => Number(await card.getAttribute("data-problems")) > 0, 60_000, "shard-01 showing a problem");
  await card.locator('[data-severity="critical"]').first().waitFor({ timeout: 30_000 });
  // Problems first: the troubled group is the first row.
  await waitUntil(
    async () => (await page.locator("[data-replica-group]").first().getAttribute("data-replica-group")) === "shard-01",
    15_000,
    "shard-01 sorted to the top",
  );
  assert.equal(await reload.wasReloaded(), false, "the page was not reloaded");
  await shot("ring-05-replica-groups");

  await page.goto(`${server.url}/incidents`);
  const row = page.locator('[data-testid="incidents-table"] tr[data-incident-id]').first();
  await row.waitFor({ timeout: 30_000 });
  const incidentId = await row.getAttribute("data-incident-id");
  await shot("ring-06-incidents");
  await row.click();
  const drawer = page.locator('[data-testid="incident-drawer"]');
  await drawer.locator('[data-testid="incident-timeline"] [data-event-kind="opened"]').waitFor({ timeout: 10_000 });
  await drawer.locator('[data-testid="incident-ack"]').click();
  await drawer.locator('[data-testid="incident-timeline"] [data-event-kind="acknowledged"]').waitFor({ timeout: 10_000 });
  await shot("ring-07-incident-acknowledged");
  await page.getByRole("radio", { name: /Acknowledged/ }).click();
  await page.locator(`[data-testid="incidents-table"] tr[data-incident-id="${incidentId}"]`).waitFor({ timeout: 10_000 });
});


function waitUntil(check: () => Promise<boolean>, timeoutMs: number, describe: string | (() => string)): Promise<void> {
  return waitUntilOrShoot(check, timeoutMs, describe, shot);
}
