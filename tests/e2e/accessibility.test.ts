import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { after, before, test } from "node:test";
import type { AxeResults, NodeResult, Result } from "axe-core";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { launchChromium, logIn, screenshotter, waitUntil } from "../support/browser";
import { startSimulator, type SimulatorProcess } from "../support/simulator-process";
import { AGENT_TOKEN, API_TOKEN, api, startVigil, waitFor, type VigilProcess } from "../support/vigil-server";

/**
 * axe-core's WCAG 2 A/AA rules over every page of the dashboard (and /login and /setup), with
 * some data on each: a small simulated fleet (nodes, ring, replica groups), a node killed (alert,
 * incident, recovery), another killed and revived (a resolved alert), a silence and a receiver. The pages' policy only runs
 * nonce'd scripts, so the context bypasses CSP to inject axe's source (as bench/support/ui-browser.ts
 * does for its probes); security-headers.test.ts checks the policy itself.
 */
const TIMEOUT_MS = 85_000;
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

let server: VigilProcess;
let fresh: VigilProcess;
let simulator: SimulatorProcess;
let browser: Browser;
let context: BrowserContext;
let page: Page;

before(async () => {
  // A second server without a bootstrap admin is the only way to see /setup.
  [server, fresh, browser] = await Promise.all([
    startVigil(),
    startVigil({ env: { VIGIL_ADMIN_EMAIL: "", VIGIL_ADMIN_PASSWORD: "" } }),
    launchChromium(),
  ]);
  simulator = await startSimulator(server.url, 9, { args: ["--interval", "500"] });
  context = await browser.newContext({ viewport: { width: 1440, height: 900 }, bypassCSP: true });
  page = await context.newPage();
}, { timeout: TIMEOUT_MS });

after(async () => {
  await browser?.close();
  await simulator?.stop();
  await Promise.all([server?.stop(), fresh?.stop()]);
  server?.cleanup();
  fresh?.cleanup();
}, { timeout: TIMEOUT_MS });

const shot = screenshotter(() => page);
/** One line per page as it is judged, so a run that times out still says how far it got. */
const note = (line: string) => console.log(line);

type Finding = { page: string; rule: string; impact: string; target: string; detail: string };
type Audit = Finding[] & { undecided: number };

function describeNode(rule: Result, node: NodeResult): string {
  if (rule.id !== "color-contrast") return node.failureSummary?.replace(/\s+/g, " ").trim() ?? rule.help;
  const data = (node.any[0]?.data ?? {}) as { fgColor?: string; bgColor?: string; contrastRatio?: number; expectedContrastRatio?: string; fontSize?: string; fontWeight?: string };
  return `${data.fgColor} on ${data.bgColor}: ${data.contrastRatio}:1 (needs ${data.expectedContrastRatio}, ${data.fontSize} ${data.fontWeight}) «${node.html.slice(0, 120)}»`;
}

/** The violations, and how many texts axe could not judge (over an image or gradient, overlapped): said, not failed. */
async function audit(target: Page, path: string): Promise<Audit> {
  if (!(await target.evaluate(() => "axe" in window))) await target.addScriptTag({ content: axeSource });
  const results = await target.evaluate(
    (tags) => (window as unknown as { axe: { run: (context: Document, options: object) => Promise<AxeResults> } }).axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations", "incomplete"] }),
    AXE_TAGS,
  );
  const findings = results.violations.flatMap((rule) =>
    rule.nodes.map((node) => ({ page: path, rule: rule.id, impact: rule.impact ?? "", target: node.target.join(" "), detail: describeNode(rule, node) })),
  );
  const undecided = results.incomplete.find((rule) => rule.id === "color-contrast")?.nodes.length ?? 0;
  return Object.assign(findings, { undecided });
}

function report(findings: Finding[]): string {
  return findings.map((f) => `${f.page} [${f.rule}] ${f.target}: ${f.detail}`).join("\n");
}

test("every page meets WCAG 2 AA colour contrast (axe-core), with data on it", { timeout: TIMEOUT_MS }, async () => {
  const started = Date.now();
  const ids = (await simulator.nodeIds()).sort();
  // victim stays down; revived is killed and revived, so a resolved alert is listed (dimmed) too.
  const [victim, revived, healthy] = ids;
  assert.ok(victim && revived && healthy, "the simulator lists its nodes");
  await waitFor("the fleet healthy", async () => {
    const { body } = await api<{ items: { state: string }[] }>(server, "/api/v1/nodes");
    return body.items?.filter((node) => node.state === "healthy").length === ids.length;
  }, 30_000, 250);
  // Something on every list: down nodes (alerts, incidents, recovery), a silence, a receiver.
  note(`fleet healthy after ${Date.now() - started} ms`);
  await simulator.chaos({ action: "kill", nodes: [victim, revived] });
  const silence = await api(server, "/api/v1/silences", {
    method: "POST",
    body: JSON.stringify({ matchers: [{ name: "alertname", value: "NodeDown" }, { name: "node", value: healthy }], endsAt: Date.now() + 3_600_000, comment: "accessibility check" }),
  });
  assert.equal(silence.status, 201, JSON.stringify(silence.body));
  const receiver = await api(server, "/api/v1/receivers", {
    method: "POST",
    body: JSON.stringify({ name: "pager", url: "http://127.0.0.1:9/hook", format: "alertmanager", groupBy: ["alertname"], groupWait: "0s", groupInterval: "1s", repeatInterval: "4h" }),
  });
  assert.equal(receiver.status, 201, JSON.stringify(receiver.body));

  const findings: Finding[] = [];

  // Before logging in: /login, and /setup on the server that has no account yet.
  for (const [base, path] of [[server.url, "/login"], [fresh.url, "/setup"]] as const) {
    await page.goto(`${base}${path}`);
    await page.locator("form").first().waitFor({ timeout: 15_000 });
    const found = await audit(page, path);
    note(`${path}: ${found.length} axe violations, ${found.undecided} texts undecided`);
    findings.push(...found);
  }

  const alertOf = async (node: string, status: "firing" | "resolved") => {
    const { body } = await api<{ items?: { labels?: Record<string, string> }[] }>(server, `/api/v1/alerts?status=${status}`);
    return Boolean(body.items?.some((alert) => alert.labels?.alertname === "NodeDown" && alert.labels?.node === node));
  };
  await waitFor("both NodeDown alerts firing", async () => (await alertOf(victim, "firing")) && (await alertOf(revived, "firing")), 30_000, 250);
  await simulator.chaos({ action: "revive", nodes: [revived] });
  await logIn(page, server.url, `/nodes/${healthy}`);
  note(`data ready after ${Date.now() - started} ms`);
  // The node pages by URL, then every page of the sidebar as an operator reaches it: a click,
  // a client-side navigation (no reload, no new socket, axe stays injected).
  const paths = [`/nodes/${healthy}`, `/nodes/${victim}`, "/", "/nodes", "/groups", "/replica-groups", "/ring", "/incidents", "/recovery", "/alerts", "/silences", "/receivers", "/rules", "/logs", "/cluster", "/settings", "/audit"];
  for (const path of paths) {
    // By then the revived node's alert has had time to resolve: the list shows it dimmed.
    if (path === "/alerts") await waitFor("the revived node's alert resolved", () => alertOf(revived, "resolved"), 30_000, 250);
    const pageStarted = Date.now();
    if (path.startsWith("/nodes/")) {
      if (new URL(page.url()).pathname !== path) await page.goto(`${server.url}${path}`);
      await page.locator("h1").first().waitFor({ timeout: 15_000 });
      await waitUntil(async () => (await page.getByText("Live", { exact: true }).count()) > 0, 15_000, `${path} live`, shot);
    } else {
      await page.locator(`aside a[href="${path}"]`).click();
      await page.waitForURL((url) => url.pathname === path, { timeout: 15_000 });
    }
    // Judge the page with its data, not its spinners.
    await waitUntil(async () => (await page.getByRole("status").filter({ hasText: /^Loading/ }).count()) === 0, 15_000, `${path} loaded`, shot);
    const found = await audit(page, path);
    note(`${path}: ${found.length} axe violations${found.length ? ` (${[...new Set(found.map((f) => f.rule))].join(", ")})` : ""}, ${found.undecided} texts undecided, ${Date.now() - pageStarted} ms`);
    findings.push(...found);
  }

  // A dialog (the Modal every form uses) over a page.
  await page.goto(`${server.url}/recovery`);
  await page.locator('[data-testid="recovery-freeze"]').click();
  await page.getByRole("dialog").waitFor({ timeout: 10_000 });
  const dialog = await audit(page, "/recovery (freeze dialog)");
  note(`/recovery (freeze dialog): ${dialog.length} axe violations`);
  findings.push(...dialog);

  const others = findings.filter((f) => f.rule !== "color-contrast");
  if (others.length) console.log(`other WCAG findings:\n${report(others)}`);
  const contrast = findings.filter((f) => f.rule === "color-contrast");
  if (contrast.length) await shot("accessibility-contrast-failure");
  assert.equal(contrast.length, 0, `text below WCAG AA contrast:\n${report(contrast)}`);
});

test("compact density (the user box's switch) tightens the tables, is remembered by the browser and stays legible", { timeout: TIMEOUT_MS }, async () => {
  await page.goto(`${server.url}/nodes`);
  const rowsOf = (height: number) => page.locator(`[role="table"] [role="row"][style*="height: ${height}px"]`);
  await waitUntil(async () => (await rowsOf(40).count()) > 0, 15_000, "comfortable node rows", shot);
  await page.getByRole("radio", { name: "Compact" }).click();
  await waitUntil(async () => (await rowsOf(30).count()) > 0, 10_000, "compact node rows", shot);
  await page.reload();
  await waitUntil(async () => (await page.locator("html").getAttribute("data-density")) === "compact" && (await rowsOf(30).count()) > 0, 15_000, "compact density after a reload", shot);
  const contrast = (await audit(page, "/nodes (compact)")).filter((f) => f.rule === "color-contrast");
  assert.equal(contrast.length, 0, `text below WCAG AA contrast:\n${report(contrast)}`);
  await page.getByRole("radio", { name: "Comfortable" }).click();
  await waitUntil(async () => (await page.locator("html").getAttribute("data-density")) === null && (await rowsOf(40).count()) > 0, 10_000, "comfortable again", shot);
});

test("tokens configured from the environment are listed in Settings without their secret", { timeout: TIMEOUT_MS }, async () => {
  await page.goto(`${server.url}/settings`);
  await page.locator("h1").first().waitFor({ timeout: 15_000 });
  for (const variable of ["VIGIL_API_TOKEN", "VIGIL_AGENT_TOKEN"]) {
    const row = page.locator(`[data-env-token="${variable}"]`);
    await row.waitFor({ timeout: 10_000 });
    assert.match(await row.innerText(), /from environment/);
    assert.equal(await row.getByRole("button", { name: /Revoke/ }).count(), 0, `${variable} cannot be revoked from the page`);
  }
  await page.locator('[data-env-user="VIGIL_ADMIN_EMAIL"]').waitFor({ timeout: 10_000 });
  const html = await page.content();
  assert.ok(!html.includes(API_TOKEN) && !html.includes(AGENT_TOKEN), "no environment token's value on the page");
});
