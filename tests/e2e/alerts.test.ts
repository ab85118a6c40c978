import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import { Webhook } from "standardwebhooks";
import { launchChromium, logIn, screenshotter, watchForReload } from "../support/browser";
import { startSimulator, type SimulatorProcess } from "../support/simulator-process";
import { ADMIN, api, startVigil, waitFor, type VigilProcess } from "../support/vigil-server";
import { startWebhookReceiver, type ReceivedWebhook } from "../support/webhook-receiver";

type VigilBody = {
  version: string;
  status: "firing" | "resolved";
  groupLabels: Record<string, string>;
  alerts: { status: string; labels: Record<string, string> }[];
};

let server: VigilProcess;
let simulator: SimulatorProcess;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
let secret = "";
let browser: Browser;
let page: Page;

before(async () => {
  server = await startVigil({ env: { VIGIL_STARTUP_GRACE_MS: "0" } });
  receiver = await startWebhookReceiver();
  const created = await api<{ id: string; secret: string }>(server, "/api/v1/receivers", {
    method: "POST",
    body: JSON.stringify({ name: "e2e-pager", url: receiver.url, format: "vigil", groupBy: ["alertname", "node"], groupWait: "0s", groupInterval: "1s" }),
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  secret = created.body.secret;
  simulator = await startSimulator(server.url, 12);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
});

after(async () => {
  await browser?.close();
  await simulator?.stop();
  await server?.stop();
  server?.cleanup();
  await receiver?.close();
});

const screenshot = screenshotter(() => page);
const shot = (name: string) => screenshot(`alerts-${name}`);

/** Accepted NodeDown notifications about one node, with the given group status. */
function nodeDownWebhooks(nodeId: string, status: "firing" | "resolved"): ReceivedWebhook[] {
  return receiver.received.filter((request) => {
    const body = request.json as VigilBody | null;
    return request.answered < 300 && body?.status === status && body.groupLabels.alertname === "NodeDown" && body.groupLabels.node === nodeId;
  });
}

async function nodeHealthy(nodeId: string): Promise<void> {
  await waitFor(`${nodeId} healthy`, async () => (await api<{ node?: { state: string } }>(server, `/api/v1/nodes/${nodeId}`)).body?.node?.state === "healthy", 30_000, 250);
}

const alertRow = (nodeId: string, status: "firing" | "resolved") => page.locator(`[data-alert-group="NodeDown"] [data-alert-node="${nodeId}"][data-alert-status="${status}"]`);

test("a killed node sends one grouped, signed webhook and a resolved one when revived, and the Alerts page follows without a reload", async () => {
  const [victim] = (await simulator.nodeIds()).sort();
  assert.ok(victim, "the simulator lists its nodes");
  await nodeHealthy(victim);
  await logIn(page, server.url, "/alerts");
  await page.getByRole("heading", { name: "Alerts" }).waitFor();
  const reload = await watchForReload(page);

  await simulator.chaos({ action: "kill", nodes: [victim] });
  const [firing] = await waitFor("the NodeDown webhook", async () => {
    const found = nodeDownWebhooks(victim, "firing");
    return found.length ? found : null;
  }, 30_000, 200);
  const body = new Webhook(secret).verify(firing.body, firing.headers) as VigilBody;
  assert.equal(body.version, "1");
  assert.deepEqual(body.groupLabels, { alertname: "NodeDown", node: victim });
  assert.equal(body.alerts.length, 1);
  assert.equal(body.alerts[0].labels.node, victim);
  assert.equal(body.alerts[0].labels.severity, "critical");

  await alertRow(victim, "firing").waitFor({ timeout: 10_000 });
  await shot("01-firing");

  // "Silence…" opens the form prefilled with what the alert is about, and counts what it would mute.
  await alertRow(victim, "firing").getByRole("button", { name: /Silence/ }).click();
  const dialog = page.getByRole("dialog", { name: "New silence" });
  await dialog.waitFor();
  assert.equal(await dialog.getByLabel("Label of matcher 1").inputValue(), "alertname");
  assert.equal(await dialog.getByLabel("Value of matcher 1").inputValue(), "NodeDown");
  assert.equal(await dialog.getByLabel("Label of matcher 2").inputValue(), "node");
  assert.equal(await dialog.getByLabel("Value of matcher 2").inputValue(), victim);
  assert.equal(await dialog.getByTestId("silence-match-count").getAttribute("data-firing-matches"), "1");
  assert.equal(await dialog.getByRole("radio", { name: "2 h" }).getAttribute("aria-checked"), "true", "two hours by default");
  await shot("02-silence-prefilled");
  await dialog.getByRole("button", { name: "Cancel" }).click();

  await simulator.chaos({ action: "revive", nodes: [victim] });
  await waitFor("the resolved webhook", async () => nodeDownWebhooks(victim, "resolved").length > 0, 30_000, 200);
  assert.equal(nodeDownWebhooks(victim, "firing").length, 1, "one firing notification, not one per evaluation");
  await alertRow(victim, "resolved").waitFor({ timeout: 10_000 });
  assert.equal(await reload.wasReloaded(), false, "the page was not reloaded");
  await shot("03-resolved");
});

test("a silence created in the UI before a node dies keeps its webhook away while the alert shows firing", async () => {
  const ids = (await simulator.nodeIds()).sort();
  const victim = ids[ids.length - 1];
  const control = ids[ids.length - 2];
  await nodeHealthy(victim);
  await nodeHealthy(control);

  await page.goto(`${server.url}/silences`);
  await page.getByRole("button", { name: "New silence" }).click();
  const dialog = page.getByRole("dialog", { name: "New silence" });
  await dialog.getByLabel("Value of matcher 1").fill("NodeDown");
  await dialog.getByRole("button", { name: "Add matcher" }).click();
  await dialog.getByLabel("Label of matcher 2").fill("node");
  await dialog.getByLabel("Value of matcher 2").fill(victim);
  await dialog.getByRole("button", { name: "Create silence" }).click();
  await dialog.getByText(/comment is required/i).waitFor();
  await dialog.getByLabel(/Comment/).fill(`planned reboot of ${victim}`);
  await dialog.getByRole("radio", { name: "1 h" }).click();
  await dialog.getByRole("button", { name: "Create silence" }).click();
  await dialog.waitFor({ state: "hidden" });
  const row = page.locator("tr[data-silence-id]", { hasText: victim });
  await row.waitFor();
  assert.match(await row.innerText(), /planned reboot/);
  const { body: silences } = await api<{ items: { matchers: { name: string; value: string }[]; state: string; createdBy: string }[] }>(server, "/api/v1/silences");
  const created = silences.items.find((silence) => silence.matchers.some((matcher) => matcher.value === victim));
  assert.equal(created?.state, "active");
  assert.equal(created?.createdBy, ADMIN.email);
  await shot("04-silence-created");

  await simulator.chaos({ action: "kill", nodes: [victim] });
  await page.goto(`${server.url}/alerts`);
  const firingRow = alertRow(victim, "firing");
  await firingRow.waitFor({ timeout: 30_000 });
  await firingRow.getByTestId("alert-silenced").waitFor({ timeout: 10_000 });
  // An unsilenced node dying after it: once its webhook is out, the notifier has had its chance at the victim's.
  await simulator.chaos({ action: "kill", nodes: [control] });
  await waitFor("the unsilenced control's NodeDown webhook", async () => nodeDownWebhooks(control, "firing").length > 0, 30_000, 200);
  assert.equal(nodeDownWebhooks(victim, "firing").length, 0, "silenced: no NodeDown webhook for the node");
  assert.ok(await firingRow.isVisible(), "the alert still shows firing on the Alerts page");
  await shot("05-silenced-firing");

  await page.goto(`${server.url}/receivers`);
  await page.getByTestId("delivery-chart").waitFor({ timeout: 10_000 });
  await shot("06-receivers");
});
