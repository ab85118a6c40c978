import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import { launchChromium, logIn, screenshotter } from "../support/browser";
import { writeStored } from "../support/stored-rows";
import { startVigil, type VigilProcess } from "../support/vigil-server";

// The forms say what the API would refuse, before submit: regexes are RE2. A log rule stored
// before RE2 was required is kept but reported on the rules page.

let server: VigilProcess;
let browser: Browser;
let page: Page;

before(async () => {
  server = await startVigil({ env: { VIGIL_STARTUP_GRACE_MS: "0" } });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  await logIn(page, server.url, "/silences");
});

after(async () => {
  await browser?.close();
  await server?.stop();
  server?.cleanup();
});

const shot = screenshotter(() => page);

test("the silence form says a matcher is not RE2 while it is typed", async () => {
  await page.goto(`${server.url}/silences`);
  await page.getByRole("button", { name: "New silence" }).click();
  const dialog = page.getByRole("dialog", { name: "New silence" });
  await dialog.getByLabel("Label of matcher 1").fill("node");
  await dialog.getByLabel("Operator of matcher 1").selectOption("=~");
  await dialog.getByLabel("Value of matcher 1").fill("(web)\\1");
  const problem = dialog.locator("[data-matcher-problem='0']");
  await problem.waitFor();
  assert.match(await problem.innerText(), /not an RE2 pattern: backreferences/);
  assert.equal(await dialog.getByLabel("Value of matcher 1").getAttribute("aria-invalid"), "true");
  await shot("re2-01-silence-form");

  await dialog.getByLabel("Value of matcher 1").fill("web-(a|b)");
  await problem.waitFor({ state: "detached" });
  await dialog.getByRole("button", { name: "Cancel" }).click();
});

test("the rules editor says a log pattern is not RE2 before saving", async () => {
  await page.goto(`${server.url}/rules`);
  await page.getByRole("button", { name: "Add log rule" }).click();
  const pattern = page.getByLabel("Pattern (RE2 regex, searched)");
  await pattern.fill("error(?=.*timeout)");
  await page.getByText(/Not an RE2 pattern: lookahead/).waitFor();
  await shot("re2-02-rules-editor");
  await pattern.fill("error.*timeout");
  await page.getByText(/Not an RE2 pattern/).waitFor({ state: "detached" });
});

test("a log rule stored before RE2 was required is kept and reported on the rules page", async () => {
  const rules = { log: [{ name: "OldLookahead", pattern: "error(?!.*retry)", ignoreCase: false, windowSeconds: 60, threshold: 1, severity: "warning" }] };
  await writeStored(server.databaseUrl, `INSERT INTO "JobState" ("key", "value") VALUES (?, ?) ON CONFLICT ("key") DO UPDATE SET "value" = excluded."value"`, ["alerts.rules", JSON.stringify(rules)]);
  // Every instance re-reads settings when this stamp changes.
  await writeStored(server.databaseUrl, `INSERT INTO "JobState" ("key", "value") VALUES (?, ?) ON CONFLICT ("key") DO UPDATE SET "value" = excluded."value"`, ["settings.version", `re2-test-${Date.now()}`]);

  await page.goto(`${server.url}/rules`);
  await page.getByText(/Log rule OldLookahead: the pattern is not RE2/).waitFor();
  await page.getByText(/Not an RE2 pattern: lookahead/).waitFor();
  await shot("re2-03-stored-rule");
});
