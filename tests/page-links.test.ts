/**
 * Signed one-click links (issue #16), against a real server and its database: an alert opens a
 * page (a page row inserted by hand is resolved by the engine's next round, its group not firing);
 * its acknowledge link, opened in Chromium without logging in, shows the page and
 * acknowledges it only when the button is clicked; a second use, a tampered token and an expired
 * one are refused (and audited); a plain GET changes nothing; approve and deny links act on
 * recovery actions waiting in approval mode.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { PAGE_LINK_TTL_MS, pageLinks } from "../lib/paging/links";
import { pageLinkKeys, type PageLinkKeys } from "../lib/store/page-links";
import { openDatabase, type Db } from "../lib/store/prisma";
import type { Replication } from "../lib/protocol";
import { launchChromium, logIn } from "./support/browser";
import { connectRawAgent, type RawAgent } from "./support/raw-agent";
import { readStored } from "./support/stored-rows";
import { api, startVigil, waitFor, type VigilProcess } from "./support/vigil-server";
import { startWebhookReceiver } from "./support/webhook-receiver";

type PageItem = { id: string; title: string; status: string; acknowledgedBy: string | null; resolvedBy: string | null };
type AuditItem = { action: string; actor: string; target: string; outcome: string };

let server: VigilProcess;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
let browser: Browser;
let db: Db;
let keys: PageLinkKeys;
let pageId = "";
const agents = new Map<string, RawAgent>();
const reports = new Map<string, Replication>();

type ActionRow = { id: string; kind: string; target: string; groupId: string; state: string; approvedBy: string | null };

async function postAlert(alertname: string): Promise<void> {
  const answer = await api(server, "/api/v1/alertmanager", {
    method: "POST",
    body: JSON.stringify({
      version: "4",
      status: "firing",
      receiver: "vigil",
      alerts: [{ status: "firing", labels: { alertname, group: "kv-3", severity: "critical" }, annotations: { summary: "no primary" }, startsAt: new Date().toISOString(), endsAt: "0001-01-01T00:00:00Z" }],
    }),
  });
  assert.equal(answer.status, 200);
}

async function pageRow(id: string): Promise<PageItem> {
  const answer = await api<{ page: PageItem; events: { kind: string; message: string }[] }>(server, `/api/v1/pages/${id}`);
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  return answer.body.page;
}

async function auditEntries(): Promise<AuditItem[]> {
  return (await api<{ items: AuditItem[] }>(server, "/api/v1/audit?limit=200")).body.items;
}

const linkUses = async () => (await readStored<{ n: number }>(server.databaseUrl, "SELECT COUNT(*) AS n FROM PageLinkUse"))[0].n;

/**
 * A replica group whose agents report Redis replication like the integration does. Rows inserted
 * by hand would not do: the planner cancels a planned action it does not propose itself.
 */
async function startGroup(group: string): Promise<void> {
  const primary = `${group}-p`;
  for (const [i, nodeId] of [primary, `${group}-r1`, `${group}-r2`].entries()) {
    const role = i === 0 ? "primary" : "replica";
    reports.set(nodeId, role === "primary" ? { role, offset: 10_000, lagMs: 0, linkUp: true } : { role, offset: 10_000 - i * 10, lagMs: 20, linkUp: true, following: primary });
    const agent = await connectRawAgent(server.url, nodeId, { group, role, zone: `zone-${"abc"[i]}` }, 300);
    agent.onCommand((command) => ({ id: command.id, outcome: "succeeded", detail: `${command.kind} done`, replication: reports.get(nodeId) }));
    agent.beat(() => reports.get(nodeId));
    agents.set(nodeId, agent);
  }
}

/** The group's primary dies and its replicas lose it: in approval mode a promotion waits for a person. */
async function promotionAwaitingApproval(group: string): Promise<{ id: string; target: string }> {
  agents.get(`${group}-p`)?.stop();
  for (const replica of [`${group}-r1`, `${group}-r2`]) reports.set(replica, { ...(reports.get(replica) as Replication), linkUp: false });
  return waitFor(
    `a promotion in ${group} awaiting approval`,
    async () => (await api<{ items: ActionRow[] }>(server, "/api/v1/actions")).body.items.find((a) => a.kind === "promote" && a.groupId === group && a.state === "planned" && !a.approvedBy),
    30_000,
    250,
  );
}

/** Clicks the link page's button and answers what it shows afterwards (the result, or the error it met). */
async function confirm(tab: Page): Promise<string> {
  await tab.getByTestId("link-confirm").click();
  const shown = tab.getByTestId("link-result").or(tab.getByTestId("link-error"));
  await shown.first().waitFor({ timeout: 15_000 });
  return shown.first().innerText();
}

async function open(context: BrowserContext, url: string) {
  const tab = await context.newPage();
  const response = await tab.goto(url);
  return { tab, response };
}

before(async () => {
  server = await startVigil({ env: { VIGIL_STARTUP_GRACE_MS: "0", VIGIL_HEARTBEAT_INTERVAL_MS: "300", VIGIL_DISCONNECT_CONFIRM_MS: "1000" } });
  receiver = await startWebhookReceiver();
  const created = await api(server, "/api/v1/receivers", {
    method: "POST",
    body: JSON.stringify({ name: "sink", url: receiver.url, format: "alertmanager", groupBy: ["alertname", "group"], groupWait: "0s", groupInterval: "1s", repeatInterval: "4h" }),
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  browser = await launchChromium();
  db = await openDatabase(server.databaseUrl);
  // Made here on first use (or read, if the server made it first): the keys the server verifies with.
  keys = await pageLinkKeys(db);
  await postAlert("GroupWithoutPrimary");
  const page = await waitFor(
    "the alert's page",
    async () => (await api<{ items: PageItem[] }>(server, "/api/v1/pages")).body.items.find((p) => /GroupWithoutPrimary/.test(p.title) && p.status === "triggered"),
    30_000,
    200,
  );
  pageId = page.id;
});

after(async () => {
  for (const agent of agents.values()) agent.stop();
  await db?.$disconnect();
  await browser?.close();
  await receiver?.close();
  await server?.stop();
  server?.cleanup();
});

test("a GET shows the link and changes nothing; the click acknowledges once; replayed and tampered links are refused and audited", async () => {
  const links = pageLinks(pageId, { externalURL: server.url, key: keys.current, now: Date.now() });
  const acknowledge = links.acknowledge!;

  // What a mail scanner or chat unfurler does: a plain GET. It sees the page, nothing happens.
  const prefetch = await fetch(acknowledge);
  assert.equal(prefetch.status, 200);
  assert.equal(prefetch.headers.get("referrer-policy"), "no-referrer");
  assert.match(prefetch.headers.get("x-robots-tag") ?? "", /noindex/);
  assert.match(prefetch.headers.get("cache-control") ?? "", /no-store/);
  assert.match(await prefetch.text(), /Acknowledge page/);
  assert.equal((await pageRow(pageId)).status, "triggered", "a GET does not acknowledge");
  assert.equal(await linkUses(), 0, "a GET does not spend the link");

  // A person, not logged in: sees what it is, clicks, sees it done.
  const context = await browser.newContext();
  const { tab } = await open(context, acknowledge);
  assert.ok(!tab.url().includes("/login"), "the link page is public");
  await tab.getByTestId("link-subject").filter({ hasText: /GroupWithoutPrimary/ }).waitFor({ timeout: 10_000 });
  await tab.getByText(/not acknowledged yet/i).waitFor();
  await tab.getByTestId("link-confirm").click();
  await tab.getByTestId("link-result").filter({ hasText: /acknowledged/i }).waitFor({ timeout: 10_000 });

  const acked = await pageRow(pageId);
  assert.equal(acked.status, "acknowledged");
  assert.match(acked.acknowledgedBy ?? "", /link holder \(/);
  const detail = await api<{ events: { kind: string; message: string }[] }>(server, `/api/v1/pages/${pageId}`);
  assert.ok(detail.body.events.some((e) => e.kind === "acknowledged" && /via link/.test(e.message)), JSON.stringify(detail.body.events));
  const audit = await auditEntries();
  assert.ok(audit.some((e) => e.action === "page.acknowledge" && e.target === pageId && e.outcome === "acknowledged" && /^link \(/.test(e.actor)), JSON.stringify(audit.slice(0, 5)));
  assert.equal(await linkUses(), 1);

  // The same link again: "already used", nothing changes.
  await tab.goto(acknowledge);
  await tab.getByTestId("link-result").filter({ hasText: /already used/i }).waitFor({ timeout: 10_000 });
  assert.equal(await tab.getByTestId("link-confirm").count(), 0);
  const replay = await fetch(`${server.url}/api/v1/links/${acknowledge.split("/p/")[1]}`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
  assert.equal(replay.status, 409);
  assert.match(((await replay.json()) as { error: { message: string } }).error.message, /already used/);
  assert.equal((await pageRow(pageId)).acknowledgedBy, acked.acknowledgedBy, "nothing changed");
  assert.equal(await linkUses(), 1);

  // One character of the signature changed: invalid, audited as refused, never acted on.
  const token = acknowledge.split("/p/")[1];
  const position = token.length - 10;
  const tampered = token.slice(0, position) + (token[position] === "A" ? "B" : "A") + token.slice(position + 1);
  await tab.goto(`${server.url}/p/${tampered}`);
  await tab.getByTestId("link-result").filter({ hasText: /invalid/i }).waitFor({ timeout: 10_000 });
  assert.equal(await tab.getByRole("link", { name: /log in/i }).count(), 1, "a way in for those who can log in");
  assert.equal(await tab.getByTestId("link-confirm").count(), 0);
  // Opening it audits nothing (a GET has no side effects); using it is refused and audited.
  const forged = await fetch(`${server.url}/api/v1/links/${tampered}`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
  assert.equal(forged.status, 400);
  assert.equal(((await forged.json()) as { error: { message: string } }).error.message, "invalid or tampered link");
  const refused = await auditEntries();
  assert.ok(refused.some((e) => e.action === "page.link-refused" && e.outcome === "refused: bad-signature"), JSON.stringify(refused.slice(0, 5)));
  assert.ok(refused.some((e) => e.action === "page.acknowledge" && e.outcome === "refused: already used"), "the replay is audited");
  assert.ok(!refused.some((e) => e.actor.includes(tampered) || e.target.includes(tampered)), "the token itself is never stored");
  await context.close();
});

test("an expired link is refused with a clear message", async () => {
  const expired = pageLinks(pageId, { externalURL: server.url, key: keys.current, now: Date.now() - PAGE_LINK_TTL_MS - 1000 });
  const context = await browser.newContext();
  const { tab } = await open(context, expired.resolve!);
  await tab.getByTestId("link-result").filter({ hasText: /expired/i }).waitFor({ timeout: 10_000 });
  assert.equal(await tab.getByTestId("link-confirm").count(), 0);
  const post = await fetch(`${server.url}/api/v1/links/${expired.resolve!.split("/p/")[1]}`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
  assert.equal(post.status, 409);
  assert.notEqual((await pageRow(pageId)).status, "resolved");
  await context.close();
});

test("approve and deny links act on recovery actions waiting for approval", async () => {
  await api(server, "/api/v1/policies", { method: "PUT", body: JSON.stringify({ default: { mode: "approval", failover: { confirmWindowMs: 1000 } } }) });
  // Healthy bystanders: two primaries down among ten nodes is two failures, not a blast-radius freeze.
  for (let i = 1; i <= 4; i++) {
    const bystander = await connectRawAgent(server.url, `link-bystander-${i}`, { zone: `zone-${"abc"[i % 3]}` }, 300);
    bystander.beat(() => undefined);
    agents.set(`link-bystander-${i}`, bystander);
  }
  await startGroup("kva");
  await startGroup("kvb");
  await waitFor("groups healthy", async () => {
    const { body } = await api<{ items: { id: string; healthyCount: number }[] }>(server, "/api/v1/replica-groups");
    return body.items.filter((g) => g.id === "kva" || g.id === "kvb").every((g) => g.healthyCount === 3) && body.items.length >= 2;
  }, 20_000, 200);
  const toApprove = await promotionAwaitingApproval("kva");
  const toDeny = await promotionAwaitingApproval("kvb");
  const approve = pageLinks(pageId, { externalURL: server.url, key: keys.current, now: Date.now(), approvalActionId: toApprove.id }).approve!;
  const deny = pageLinks(pageId, { externalURL: server.url, key: keys.current, now: Date.now(), approvalActionId: toDeny.id }).deny!;

  const context = await browser.newContext();
  const { tab } = await open(context, approve);
  await tab.getByText(/Approve recovery action/).waitFor({ timeout: 10_000 });
  await tab.getByTestId("link-subject").filter({ hasText: /failover of kva to kva-r\d/ }).waitFor();
  assert.equal(await tab.getByTestId("link-current").textContent(), "Waiting for approval");
  assert.match(await confirm(tab), /approved/i);
  const [approved] = await readStored<{ approvedBy: string | null }>(server.databaseUrl, "SELECT approvedBy FROM RecoveryAction WHERE id = ?", [toApprove.id]);
  assert.match(approved.approvedBy ?? "", /link holder/);
  // Approved means it runs: the agent is told to promote.
  await waitFor("the approved promotion ran", async () => (await api<{ items: ActionRow[] }>(server, "/api/v1/actions")).body.items.find((a) => a.id === toApprove.id && a.state === "succeeded"), 20_000, 250);

  await tab.goto(deny);
  await tab.getByText(/Deny recovery action/).waitFor({ timeout: 10_000 });
  assert.match(await confirm(tab), /denied/i);
  const [denied] = await readStored<{ state: string; outcome: string | null }>(server.databaseUrl, "SELECT state, outcome FROM RecoveryAction WHERE id = ?", [toDeny.id]);
  assert.equal(denied.state, "cancelled");
  assert.match(denied.outcome ?? "", /denied by link holder/);
  const audit = await auditEntries();
  assert.ok(audit.some((e) => e.action === "action.approve" && e.target === toApprove.id && e.outcome === "approved"));
  assert.ok(audit.some((e) => e.action === "action.deny" && e.target === toDeny.id && e.outcome === "denied"));
  await context.close();
});

test("a resolve link resolves the page; logged-in operators see it in the Pages API", async () => {
  const resolve = pageLinks(pageId, { externalURL: server.url, key: keys.current, now: Date.now() }).resolve!;
  const context = await browser.newContext();
  const { tab } = await open(context, resolve);
  await tab.getByTestId("link-confirm").click();
  await tab.getByTestId("link-result").filter({ hasText: /resolved/i }).waitFor({ timeout: 10_000 });
  const resolved = await pageRow(pageId);
  assert.equal(resolved.status, "resolved");
  assert.match(resolved.resolvedBy ?? "", /link holder/);
  const ack = await api<{ error: { code: string } }>(server, `/api/v1/pages/${pageId}/ack`, { method: "POST" });
  assert.equal(ack.status, 409, "a resolved page cannot be acknowledged");
  await context.close();
});

test("logged in, the Pages view lists the page and its timeline shows what the links did", async () => {
  const context = await browser.newContext();
  const tab = await context.newPage();
  await logIn(tab, server.url, "/pages");
  await tab.getByRole("radio", { name: "All" }).click();
  await tab.locator(`[data-testid="page-card"][data-page-id="${pageId}"][data-status="resolved"]`).waitFor({ timeout: 15_000 });
  await tab.goto(`${server.url}/pages/${pageId}`);
  const timeline = tab.getByTestId("page-timeline");
  await timeline.filter({ hasText: /acknowledged by link holder/ }).waitFor({ timeout: 15_000 });
  await timeline.filter({ hasText: /resolved by link holder/ }).waitFor();
  await context.close();
});
