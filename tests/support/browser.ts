import { existsSync, mkdirSync } from "node:fs";
import { chromium, type Browser, type Page } from "playwright-core";
import { ADMIN } from "./vigil-server";

export const E2E_ARTIFACTS = "test-artifacts/e2e";

/** Debian's chromium driven by playwright-core: no test tool downloads a browser of its own. */
export async function launchChromium(): Promise<Browser> {
  mkdirSync(E2E_ARTIFACTS, { recursive: true });
  const executablePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  if (!existsSync(executablePath)) throw new Error(`no Chromium at ${executablePath}: install Debian's chromium (.ci/run does) or set CHROMIUM_PATH`);
  return chromium.launch({
    executablePath,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
  });
}

/** Screenshots kept as test artefacts. */
export function screenshotter(page: () => Page): (name: string) => Promise<Buffer> {
  return (name) => page().screenshot({ path: `${E2E_ARTIFACTS}/${name}.png`, fullPage: true });
}

/** Opens `path`, is sent to the login page, logs in as the bootstrap admin, and comes back. */
export async function logIn(page: Page, serverUrl: string, path = "/"): Promise<void> {
  await page.goto(`${serverUrl}${path}`);
  await page.waitForURL(/\/login/);
  await page.fill('input[name="email"]', ADMIN.email);
  await page.fill('input[name="password"]', ADMIN.password);
  await page.click('button[type="submit"]');
  await page.waitForURL((url) => !url.pathname.startsWith("/login"), { timeout: 15_000 });
  await page.goto(`${serverUrl}${path}`);
}

/** Polls `check`; on timeout keeps a screenshot. `describe` may be a function so the failure says what was last seen. */
export async function waitUntil(
  check: () => Promise<boolean>,
  timeoutMs: number,
  describe: string | (() => string),
  shot?: (name: string) => Promise<unknown>,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) {
      const what = typeof describe === "string" ? describe : describe();
      await shot?.(`timeout-${what.replace(/\W+/g, "-").slice(0, 80)}`);
      throw new Error(`timed out waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * Marks the loaded document; `wasReloaded()` tells whether it was replaced since. Counting
 * navigation events would not do: the Next.js router's own history updates are reported too.
 */
export async function watchForReload(page: Page): Promise<{ wasReloaded: () => Promise<boolean> }> {
  await page.evaluate(() => Object.assign(window, { vigilTestMarker: true }));
  return { wasReloaded: async () => !(await page.evaluate(() => "vigilTestMarker" in window)) };
}
