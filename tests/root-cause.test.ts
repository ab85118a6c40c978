import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import { launchChromium, logIn, screenshotter } from "./support/browser";
import { startSimulator, type SimulatorProcess } from "./support/simulator-process";
import { api, startVigil, waitFor, type VigilProcess } from "./support/vigil-server";
import { startWebhookReceiver } from "./support/webhook-receiver";

/**
 * One root cause, one line (issue #14): a partitioned zone pages once, naming its nodes, instead
 * of once per node; the Alerts page shows one line for it with the node alerts folded under it;
 * once it heals, a node still down pages on its own.
 */

type AlertmanagerBody = {
  status: "firing" | "resolved";
  alerts: { status: string; labels: Record<string, string>; annotations: Record<string, string>; generatorURL: string }[];
};
type SimNode = { id: string; zone: string };

const NODES = 12;
/** The simulator puts the first replica groups' primaries in zone-a: its partition leaves groups primary-less. */
const ZONE = "zone-a";

let server: VigilProcess;
let simulator: SimulatorProcess;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
let browser: Browser;
let page: Page;

before(async () => {
  server = await startVigil({ env: { VIGIL_STARTUP_GRACE_MS: "1000", VIGIL_HEARTBEAT_INTERVAL_MS: "500", VIGIL_DISCONNECT_CONFIRM_MS: "1500" } });
  receiver = await startWebhookReceiver();
  const created = await api(server, "/api/v1/receivers", {
    method: "POST",
    body: JSON.stringify({ name: "pager", url: receiver.url, format: "alertmanager", groupBy: ["alertname", "node"], groupWait: "1s", groupInterval: "1s", repeatInterval: "4h" }),
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  simulator = await startSimulator(server.url, NODES, { args: ["--interval", "500"] });
  await waitFor("fleet healthy", async () => (await api<{ total: number }>(server, "/api/v1/nodes?state=healthy")).body.total === NODES, 30_000, 250);
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

const shot = screenshotter(() => page);

/** Accepted firing notifications carrying an alert that `match` accepts. */
function notified(match: (alert: AlertmanagerBody["alerts"][number]) => boolean): AlertmanagerBody["alerts"] {
  return receiver.received.flatMap((request) => {
    const body = request.json as AlertmanagerBody | null;
    if (request.answered >= 300 || body?.status !== "firing") return [];
    return body.alerts.filter((alert) => alert.status === "firing" && match(alert));
  });
}

const nodeDownFor = (ids: readonly string[]) => notified((alert) => alert.labels.alertname === "NodeDown" && ids.includes(alert.labels.node));
const partitionPages = () => notified((alert) => alert.labels.alertname === "VigilPartitioned" && alert.labels.zone === ZONE);

test("a partitioned zone pages once, listing its nodes; the Alerts page shows one root-cause line for it", async () => {
  const nodes = ((await (await fetch(`${simulator.controlUrl}/nodes`)).json()) as { nodes: SimNode[] }).nodes;
  const members = nodes.filter((node) => node.zone === ZONE).map((node) => node.id).sort();
  const control = nodes.filter((node) => node.zone === "zone-c").map((node) => node.id).sort()[0];
  assert.ok(members.length >= 3 && control, JSON.stringify(nodes));

  await simulator.chaos({ action: "partition", zone: ZONE });
  await waitFor("NodeDown firing for every node of the zone", async () => {
    const { body } = await api<{ items: { labels: Record<string, string> }[] }>(server, "/api/v1/alerts?status=firing&limit=1000");
    const down = new Set(body.items.filter((a) => a.labels.alertname === "NodeDown").map((a) => a.labels.node));
    return members.every((id) => down.has(id));
  }, 30_000, 250);
  const [page1] = await waitFor("the partition notification", async () => {
    const found = partitionPages();
    return found.length ? found : null;
  }, 20_000, 200);
  // The zone's agents drop within a moment of each other; the page goes out once most are gone.
  const listed = page1.annotations.members.split(", ");
  assert.ok(listed.length >= 3 && listed.every((id) => members.includes(id)), `members listed: ${page1.annotations.members}`);
  assert.equal(Number(page1.annotations.member_count), listed.length);
  assert.equal(page1.generatorURL, `/nodes?zone=${ZONE}&state=down`);

  // A node of another zone dying afterwards: once its page is out, the notifier has had its chance at the zone's.
  await simulator.chaos({ action: "kill", nodes: [control] });
  await waitFor("the control node's NodeDown notification", async () => nodeDownFor([control]).length > 0, 20_000, 200);
  assert.deepEqual(nodeDownFor(members).map((a) => a.labels.node), [], "no NodeDown page for the partitioned zone's nodes");
  assert.equal(partitionPages().length, 1, "one page for the partition");

  await logIn(page, server.url, "/alerts");
  const line = page.locator(`[data-testid="root-cause"][data-zone="${ZONE}"]`);
  await line.waitFor({ timeout: 15_000 });
  assert.equal(await page.getByTestId("root-cause").count(), 1, "exactly one root-cause line");
  assert.match(await line.getByTestId("root-cause-title").innerText(), new RegExp(`^${ZONE} looks partitioned: ${members.length} nodes down$`));
  assert.equal(await line.getByTestId("root-cause-nodes").getAttribute("href"), `/nodes?zone=${ZONE}&state=down`);
  assert.equal(await page.locator(`[data-alert-group="NodeDown"] [data-alert-node="${members[0]}"]`).count(), 0, "the zone's NodeDown alerts are not rows of their own");
  await page.locator(`[data-alert-group="NodeDown"] [data-alert-node="${control}"]`).waitFor({ timeout: 10_000 });
  await line.getByRole("button", { expanded: false }).click();
  for (const id of members) await line.locator(`[data-alert-name="NodeDown"][data-alert-node="${id}"] [data-testid="alert-inhibited"]`).waitFor({ timeout: 5_000 });
  await shot("root-cause-alerts");

  // Incidents of the zone's nodes (a replica group whose primary it held, a replica following one) fold under one line too.
  const primaryLess = await waitFor("an incident about a group whose primary is in the zone", async () => {
    const { body } = await api<{ items: { id: number; kind: string; detail: { primaryId?: string } | null }[] }>(server, "/api/v1/incidents?status=open");
    return body.items.find((i) => i.kind === "no_healthy_primary" && members.includes(i.detail?.primaryId ?? "")) ?? null;
  }, 20_000, 250);
  await page.goto(`${server.url}/incidents`);
  const incidentLine = page.locator(`[data-testid="root-cause"][data-zone="${ZONE}"]`);
  await incidentLine.waitFor({ timeout: 10_000 });
  assert.equal(await page.getByTestId("root-cause").count(), 1, "one root-cause line on the Incidents page");
  await incidentLine.getByRole("button", { expanded: false }).click();
  await incidentLine.locator(`[data-incident-id="${primaryLess.id}"]`).waitFor({ timeout: 5_000 });
  assert.equal(await page.locator(`[data-incident-id="${primaryLess.id}"]`).count(), 1, "the incident is under the line, not also a row of its own");
  await shot("root-cause-incidents");
  await page.goto(`${server.url}/alerts`);

  // Healed, with one of its nodes still dead: that node's own alert pages now.
  const [stillDown] = members;
  await simulator.chaos({ action: "kill", nodes: [stillDown] });
  await simulator.chaos({ action: "heal", zone: ZONE });
  await waitFor("the still-down node's own NodeDown page", async () => nodeDownFor([stillDown]).length > 0, 30_000, 200);
  await line.waitFor({ state: "detached", timeout: 15_000 });
  assert.deepEqual(nodeDownFor(members.slice(1)), [], "the healed nodes never paged");
});
