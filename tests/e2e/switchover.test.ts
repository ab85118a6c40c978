import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import { launchChromium, logIn, screenshotter, waitUntil as waitUntilOrShoot, watchForReload } from "../support/browser";
import { startSimulator, type SimulatorProcess } from "../support/simulator-process";
import { api, startVigil, type VigilProcess } from "../support/vigil-server";

/**
 * An operator's planned switchover from the replica-group page, in Chromium, on simulated nodes:
 * the dialog previews the ranking, the request runs, its steps show in the dialog without a
 * reload, and the group's primary is the chosen node afterwards.
 */
const GROUP = "shard-01";

let server: VigilProcess;
let simulator: SimulatorProcess;
let browser: Browser;
let page: Page;

type Group = { id: string; primaryId: string | null; healthyCount: number; memberCount: number; members: { nodeId: string; role: string | null; linkUp: boolean | null }[] };

async function group(): Promise<Group | undefined> {
  const { body } = await api<{ items: Group[] }>(server, "/api/v1/replica-groups");
  return body.items.find((g) => g.id === GROUP);
}

before(async () => {
  server = await startVigil({ env: { VIGIL_STARTUP_GRACE_MS: "1000" } });
  simulator = await startSimulator(server.url, 6);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
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

test("Switchover on the replica-group page: preview, run, live steps, the chosen replica is primary", async () => {
  let seen: Group | undefined;
  await waitUntil(async () => {
    seen = await group();
    return seen !== undefined && seen.primaryId !== null && seen.healthyCount === seen.memberCount && seen.members.filter((m) => m.role === "replica" && m.linkUp === true).length === seen.memberCount - 1;
  }, 30_000, () => `${GROUP} healthy with linked replicas (${JSON.stringify(seen)})`);
  const from = seen?.primaryId as string;

  await logIn(page, server.url, "/replica-groups");
  const reload = await watchForReload(page);
  const card = page.locator(`[data-replica-group="${GROUP}"]`);
  await card.locator('[data-testid="replica-group-toggle"]').click();
  await card.locator('[data-testid="switchover-open"]').click();
  const dialog = page.locator('[data-testid="switchover-dialog"]');
  const ranking = dialog.locator('[data-testid="switchover-ranking"]');
  await ranking.waitFor({ timeout: 10_000 });
  // The ranking says why each member is or is not a target; the primary is not one.
  assert.match(await ranking.innerText(), new RegExp(from));
  const chosen = page.locator('input[name="switchover-target"]:checked');
  const target = ((await chosen.getAttribute("aria-label")) ?? "").replace(/^promote /, "");
  assert.ok(target && target !== from, `a replica is preselected (${target})`);
  await page.getByPlaceholder(/kernel upgrade/).fill("e2e: planned maintenance of the primary's host");
  await shot("switchover-01-preview");

  await page.locator('[data-testid="switchover-submit"]').click();
  const progress = dialog.locator('[data-testid="switchover-progress"]');
  let shown = "";
  await waitUntil(async () => {
    shown = await progress.innerText().catch(() => "(no progress yet)");
    return /succeeded in/.test(shown);
  }, 30_000, () => `the dialog shows the switchover done (shown: ${shown})`);
  const steps = await progress.innerText();
  for (const step of [/pause/i, /catch/i, /promot/i]) assert.match(steps, step, `the timeline lists ${step}`);
  await shot("switchover-02-done");
  assert.equal(await reload.wasReloaded(), false, "the dialog followed the run without a reload");

  await waitUntil(async () => (await group())?.primaryId === target, 15_000, `${target} recognised as primary`);
  const { body } = await api<{ items: { action: string; target: string | null; outcome: string }[] }>(server, "/api/v1/audit?limit=50");
  assert.ok(body.items.some((row) => row.action === "action.switchover" && row.outcome !== "refused"), "the switchover is in the audit log");
});
