import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import { after, before, test } from "node:test";
import type { Browser, ConsoleMessage, Page } from "playwright-core";
import { launchChromium, logIn, screenshotter, waitUntil } from "../support/browser";
import { startSimulator, type SimulatorProcess } from "../support/simulator-process";
import { api, freePort, startVigil, type VigilProcess } from "../support/vigil-server";

/**
 * The Content-Security-Policy (nonce'd scripts, no 'unsafe-inline' for them) lets every page of
 * the dashboard render, hydrate and go live in a real Chromium without one violation; every
 * response carries the security headers; another origin cannot frame a page. And the audit page.
 */
const TIMEOUT_MS = 240_000;

let server: VigilProcess;
let simulator: SimulatorProcess;
let browser: Browser;
let page: Page;
let framer: Server;
const violations: string[] = [];
const pageErrors: string[] = [];

before(async () => {
  server = await startVigil();
  simulator = await startSimulator(server.url, 3);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  page.on("console", (message: ConsoleMessage) => {
    if (/Content Security Policy|Content-Security-Policy/i.test(message.text())) violations.push(`${page.url()}: ${message.text()}`);
  });
  page.on("pageerror", (error) => pageErrors.push(`${page.url()}: ${error.message}`));
}, { timeout: TIMEOUT_MS });

after(async () => {
  await browser?.close();
  await simulator?.stop();
  await server?.stop();
  server?.cleanup();
  await new Promise<void>((resolve) => (framer ? framer.close(() => resolve()) : resolve()));
}, { timeout: TIMEOUT_MS });

const shot = screenshotter(() => page);

test("every page renders, hydrates and goes live with no Content-Security-Policy violation", { timeout: TIMEOUT_MS }, async () => {
  await logIn(page, server.url, "/");
  const [nodeId] = (await simulator.nodeIds()).sort();
  assert.ok(nodeId, "the simulator has nodes");
  const paths = [
    "/", "/nodes", `/nodes/${nodeId}`, "/groups", "/replica-groups", "/ring", "/incidents", "/recovery",
    "/alerts", "/silences", "/receivers", "/rules", "/logs", "/cluster", "/settings", "/audit",
  ];
  for (const path of paths) {
    await page.goto(`${server.url}${path}`);
    await page.locator("h1").first().waitFor({ timeout: 20_000 });
    // "Live" needs the scripts to have run (hydration) and the WebSocket to be allowed (connect-src).
    await waitUntil(async () => (await page.getByText("Live", { exact: true }).count()) > 0, 20_000, `${path} live`, shot);
    await page.waitForTimeout(500);
  }
  // A client-side navigation, too (the router fetches the next page's payload, no new document).
  await page.getByRole("link", { name: "Nodes" }).click();
  await page.waitForURL(/\/nodes$/);
  await page.locator("h1", { hasText: "Nodes" }).waitFor({ timeout: 10_000 });
  assert.deepEqual(violations, [], "no CSP violation in the console");
  assert.deepEqual(pageErrors, [], "no uncaught page error");
});

test("the login page, before logging in, has no violation either", { timeout: TIMEOUT_MS }, async () => {
  const context = await browser.newContext();
  const fresh = await context.newPage();
  const seen: string[] = [];
  fresh.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) seen.push(message.text());
  });
  await fresh.goto(`${server.url}/login`);
  await fresh.locator('input[name="email"]').waitFor({ timeout: 10_000 });
  await fresh.waitForTimeout(1000);
  await context.close();
  assert.deepEqual(seen, []);
});

test("pages, the API, /metrics and Socket.IO polling answer with the security headers; scripts carry a fresh nonce", { timeout: TIMEOUT_MS }, async () => {
  const responses = {
    page: await fetch(`${server.url}/login`),
    api: await fetch(`${server.url}/api/v1/overview`),
    metrics: await fetch(`${server.url}/metrics`),
    polling: await fetch(`${server.url}/socket.io/?EIO=4&transport=polling`),
  };
  for (const [what, response] of Object.entries(responses)) {
    const csp = response.headers.get("content-security-policy") ?? "";
    assert.match(csp, /frame-ancestors 'none'/, what);
    assert.match(csp, /object-src 'none'/, what);
    assert.match(csp, /base-uri 'self'/, what);
    assert.match(csp, /form-action 'self'/, what);
    assert.match(csp, /default-src 'self'/, what);
    assert.doesNotMatch(csp, /script-src[^;]*'unsafe-(inline|eval)'/, what);
    assert.equal(response.headers.get("x-frame-options"), "DENY", what);
    assert.equal(response.headers.get("x-content-type-options"), "nosniff", what);
    assert.equal(response.headers.get("referrer-policy"), "same-origin", what);
  }
  const html = await responses.page.text();
  const nonce = /'nonce-([^']+)'/.exec(responses.page.headers.get("content-security-policy") ?? "")?.[1];
  assert.ok(nonce, "the page's policy has a nonce");
  const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((match) => match[0]);
  assert.ok(scripts.length > 0);
  assert.ok(scripts.every((tag) => tag.includes(`nonce="${nonce}"`)), "every script carries the nonce");
  const second = await fetch(`${server.url}/login`);
  assert.notEqual(/'nonce-([^']+)'/.exec(second.headers.get("content-security-policy") ?? "")?.[1], nonce, "a new nonce per response");
  // A policy sent by the client is not the one the page is rendered with.
  const forged = await fetch(`${server.url}/login`, { headers: { "content-security-policy": "script-src 'nonce-forged'" } });
  assert.doesNotMatch(await forged.text(), /nonce="forged"/);
});

test("a page of another origin cannot frame Vigil", { timeout: TIMEOUT_MS }, async () => {
  const port = await freePort();
  framer = createServer((_req, res) => res.writeHead(200, { "content-type": "text/html" }).end(`<!doctype html><title>framer</title><iframe id="vigil" src="${server.url}/login" width="800" height="600"></iframe>`));
  await new Promise<void>((resolve) => framer.listen(port, "127.0.0.1", resolve));
  const context = await browser.newContext();
  const attacker = await context.newPage();
  const refusals: string[] = [];
  attacker.on("console", (message) => {
    if (/frame-ancestors|Refused to (display|frame)/i.test(message.text())) refusals.push(message.text());
  });
  // "localhost" is another origin than Vigil's 127.0.0.1.
  await attacker.goto(`http://localhost:${port}/`);
  await waitUntil(async () => refusals.length > 0, 10_000, "Chromium refusing the frame");
  const frame = attacker.frames().find((candidate) => candidate !== attacker.mainFrame());
  const framedLogin = frame ? await frame.locator('input[name="email"]').count().catch(() => 0) : 0;
  assert.equal(framedLogin, 0, "the login form did not render inside the frame");
  await context.close();
});

test("the audit page lists changes, filters by kind group and shows absolute times on hover", { timeout: TIMEOUT_MS }, async () => {
  for (let round = 0; round < 2; round++) {
    assert.equal((await api(server, "/api/v1/recovery/freeze", { method: "POST", body: JSON.stringify({ reason: `audit page drill ${round}` }) })).status, 200);
    assert.equal((await api(server, "/api/v1/recovery/unfreeze", { method: "POST", body: JSON.stringify({}) })).status, 200);
  }
  await page.goto(`${server.url}/audit`);
  const rows = page.locator('[data-testid="audit-log"] [data-audit-action]');
  await waitUntil(async () => (await rows.count()) >= 4, 20_000, "audit rows", shot);
  await shot("audit-page");
  await page.getByLabel("Kind").selectOption("recovery.freeze");
  await waitUntil(
    async () => {
      const actions = await rows.evaluateAll((elements) => elements.map((element) => element.getAttribute("data-audit-action")));
      return actions.length >= 2 && actions.every((action) => action === "recovery.freeze");
    },
    10_000,
    "only recovery.freeze rows",
    shot,
  );
  assert.match(page.url(), /action=recovery\.freeze/);
  const when = page.locator('[data-testid="audit-log"] [data-audit-action] td').first();
  assert.match((await when.getAttribute("title")) ?? "", /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
  assert.match(await when.innerText(), /ago|just now/);
  await page.getByLabel("Kind").selectOption("recovery.");
  await waitUntil(async () => (await rows.evaluateAll((elements) => elements.map((element) => element.getAttribute("data-audit-action")))).includes("recovery.unfreeze"), 10_000, "the recovery group", shot);
  await shot("audit-page-filtered");
  assert.deepEqual(violations, []);
});
