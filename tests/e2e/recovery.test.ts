import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import { launchChromium, logIn, screenshotter, waitUntil as waitUntilOrShoot, watchForReload } from "../support/browser";
import { startSimulator, type SimulatorProcess } from "../support/simulator-process";
import { ADMIN, api, startVigil, type VigilProcess } from "../support/vigil-server";

/** Three nodes a replica group: shard-01 .. shard-04; sim-a-001 is shard-01's primary. */
const FLEET_SIZE = 12;
const GROUP = "shard-01";
const PRIMARY = "sim-a-001";
let server: VigilProcess;
let simulator: SimulatorProcess;
let browser: Browser;
let page: Page;

type StatusAnswer = {
  killSwitch: { frozen: boolean; by: string | null; reason: string | null };
  mode: string;
  plans: { id: string; groupId: string; state: string; actions: { id: string; kind: string; state: string }[] }[];
};
type ActionAnswer = { items: { id: string; kind: string; target: string; state: string; groupId: string; planId: string | null; approvedBy: string | null; dryRun: boolean; outcome: string | null }[] };
type GroupsAnswer = { items: { id: string; primaryId: string | null; healthyCount: number; memberCount: number }[] };

before(async () => {
  server = await startVigil();
  simulator = await startSimulator(server.url, FLEET_SIZE);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1440, height: 1600 } });
});

after(async () => {
  await browser?.close();
  await simulator?.stop();
  await server?.stop();
  server?.cleanup();
});

const shot = screenshotter(() => page);

async function status(): Promise<StatusAnswer> {
  const answer = await api<StatusAnswer>(server, "/api/v1/recovery/status");
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  return answer.body;
}

async function groupActions(): Promise<ActionAnswer["items"]> {
  const answer = await api<ActionAnswer>(server, `/api/v1/actions?groupId=${GROUP}`);
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  return answer.body.items;
}

function waitUntil(check: () => Promise<boolean>, timeoutMs: number, describe: string | (() => string)): Promise<void> {
  return waitUntilOrShoot(check, timeoutMs, describe, shot);
}

const killSwitch = () => page.locator('[data-testid="recovery-kill-switch"]');

test("an operator freezes recovery with a reason and unfreezes it, from the page", async () => {
  await logIn(page, server.url, "/recovery");
  await killSwitch().waitFor({ timeout: 15_000 });
  assert.equal(await killSwitch().getAttribute("data-frozen"), "false");
  await shot("recovery-01-live");

  await page.locator('[data-testid="recovery-freeze"]').click();
  const dialog = page.getByRole("dialog");
  await dialog.waitFor({ timeout: 5_000 });
  await page.fill('[data-testid="recovery-freeze-reason"]', "e2e: network maintenance");
  await dialog.getByRole("button", { name: "Freeze recovery", exact: true }).click();
  await waitUntil(async () => (await killSwitch().getAttribute("data-frozen")) === "true", 10_000, "the page showing recovery frozen");
  assert.match((await killSwitch().textContent()) ?? "", /Recovery frozen by .*e2e: network maintenance/);
  const frozen = await status();
  assert.equal(frozen.killSwitch.frozen, true);
  assert.equal(frozen.killSwitch.reason, "e2e: network maintenance");
  await shot("recovery-02-frozen");

  await page.locator('[data-testid="recovery-unfreeze"]').click();
  await page.getByRole("dialog").getByRole("button", { name: "Unfreeze", exact: true }).click();
  await waitUntil(async () => (await killSwitch().getAttribute("data-frozen")) === "false", 10_000, "the page showing recovery live again");
  assert.equal((await status()).killSwitch.frozen, false);
  await page.locator('[data-testid="recovery-audit"] tr[data-audit-action="recovery.freeze"]').waitFor({ timeout: 10_000 });
  await page.locator('[data-testid="recovery-audit"] tr[data-audit-action="recovery.unfreeze"]').waitFor({ timeout: 10_000 });
});

test("in approval mode a lost primary's promotion waits for an operator, who approves it and watches the failover", async (t) => {
  await waitUntil(
    async () => {
      const { body } = await api<GroupsAnswer>(server, "/api/v1/replica-groups");
      const group = body.items.find((item) => item.id === GROUP);
      return group?.primaryId === PRIMARY && group.healthyCount === group.memberCount;
    },
    45_000,
    `${GROUP} healthy with ${PRIMARY} as its primary`,
  );
  const policies = await api<{ default: Record<string, unknown>; groups: Record<string, unknown> }>(server, "/api/v1/policies");
  const put = await api(server, "/api/v1/policies", { method: "PUT", body: JSON.stringify({ ...policies.body, default: { ...policies.body.default, mode: "approval" } }) });
  assert.equal(put.status, 200, JSON.stringify(put.body));
  const reload = await watchForReload(page);
  await waitUntil(async () => (await page.getAttribute('[data-testid="recovery-mode"]', "data-mode")) === "approval", 10_000, "the page showing approval mode");

  await simulator.chaos({ action: "kill", nodes: [PRIMARY] });
  const approval = page.locator('[data-testid="recovery-approvals"] [data-approval-id][data-action-kind="promote"]').first();
  await approval.waitFor({ timeout: 60_000 });
  const actionId = (await approval.getAttribute("data-approval-id")) ?? "";
  const planned = (await groupActions()).find((action) => action.id === actionId);
  assert.ok(planned, `action ${actionId} in the API`);
  assert.equal(planned.state, "planned");
  assert.equal(planned.dryRun, false);
  assert.notEqual(planned.target, PRIMARY, "the dead primary is not the one promoted");
  // The plan shows the ranking that chose the target, the dead primary excluded.
  const plan = page.locator(`[data-plan-group="${GROUP}"][data-plan-state="active"]`);
  await plan.locator(`[data-candidate="${planned.target}"]`).waitFor({ timeout: 10_000 });
  await plan.locator(`[data-candidate="${PRIMARY}"][data-eligible="false"]`).waitFor({ timeout: 10_000 });
  t.diagnostic(`promote ${planned.target} awaiting approval (${actionId})`);
  await shot("recovery-03-awaiting-approval");

  await approval.locator('[data-testid="recovery-approve"]').click();
  await waitUntil(async () => (await groupActions()).find((action) => action.id === actionId)?.state !== "planned", 30_000, "the approved promote leaving planned");
  const started = (await groupActions()).find((action) => action.id === actionId);
  assert.equal(started?.approvedBy, ADMIN.email, "the API records who approved");

  // The simulator answers promote/follow commands: the promote succeeds and the page's plan shows it.
  await waitUntil(async () => (await groupActions()).find((action) => action.id === actionId)?.state === "succeeded", 30_000, () => `promote ${actionId} succeeding`);
  await page.locator(`[data-plan-group="${GROUP}"] [data-action-id="${actionId}"][data-action-state="succeeded"]`).first().waitFor({ timeout: 10_000 });
  await shot("recovery-04-promoted");

  // The follows of the same plan wait for approval too: approve any on the page. The planner may
  // also cancel one as no longer needed (the simulated replica already re-pointed itself).
  const planId = started?.planId ?? "";
  const planFollows = async () => (await groupActions()).filter((action) => action.planId === planId && action.kind === "follow");
  await waitUntil(
    async () => {
      const waiting = page.locator('[data-testid="recovery-approvals"] [data-approval-id][data-action-kind="follow"] [data-testid="recovery-approve"]');
      if ((await waiting.count()) > 0) await waiting.first().click().catch(() => undefined);
      const follows = await planFollows();
      return follows.length > 0 && follows.every((action) => action.state !== "planned" && action.state !== "running");
    },
    60_000,
    "every follow of the failover approved (or found unnecessary) and finished",
  );
  const follows = await planFollows();
  t.diagnostic(`follows: ${follows.map((action) => `${action.target} ${action.state}`).join(", ")}`);
  assert.ok(follows.every((action) => action.state === "succeeded" || action.state === "cancelled"), JSON.stringify(follows));
  const done = page.locator(`[data-plan-id="${planId}"][data-plan-state="completed"]`);
  await done.waitFor({ timeout: 10_000 });
  for (const follow of follows) await done.locator(`[data-action-id="${follow.id}"][data-action-state="${follow.state}"]`).waitFor({ timeout: 10_000 });
  await waitUntil(
    async () => (await api<GroupsAnswer>(server, "/api/v1/replica-groups")).body.items.find((item) => item.id === GROUP)?.primaryId === planned.target,
    20_000,
    `${GROUP} recognising ${planned.target} as its primary`,
  );
  await page.locator('[data-testid="recovery-audit"] tr[data-audit-action="action.approve"]').first().waitFor({ timeout: 10_000 });
  assert.equal(await reload.wasReloaded(), false, "the page followed the failover without a reload");
  await shot("recovery-05-completed");
});
