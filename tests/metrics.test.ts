import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { after, before, test } from "node:test";
import { requireTool } from "./support/requirements";
import { scrapeMetric } from "./support/metrics";
import { startVigil, waitFor, type VigilProcess } from "./support/vigil-server";

/** Debian's `prometheus` package ships it; CI installs it (.ci/run). */
const PROMTOOL = process.env.VIGIL_TEST_PROMTOOL ?? "promtool";
const skip = requireTool(PROMTOOL, ["--version"], "promtool (Debian package prometheus)");

let server: VigilProcess;
before(async () => {
  if (!skip) server = await startVigil();
});
after(async () => {
  await server?.stop();
  server?.cleanup();
});

test("GET /metrics passes promtool check metrics", { skip }, async () => {
  const response = await fetch(`${server.url}/metrics`);
  assert.equal(response.status, 200);
  const text = await response.text();
  assert.match(text, /^vigil_process_nodejs_active_handles_all \d+$/m);
  const check = spawnSync(PROMTOOL, ["check", "metrics"], { input: text, encoding: "utf8", timeout: 30_000 });
  assert.equal(check.status, 0, `promtool check metrics:\n${check.stdout}${check.stderr}`);
});

test("the recovery planner's rounds are counted", { skip }, async () => {
  const first = await waitFor("a first recovery round", async () => (await scrapeMetric(server, "vigil_recovery_rounds_total")) || null, 30_000, 200);
  await waitFor("another round", async () => ((await scrapeMetric(server, "vigil_recovery_rounds_total")) ?? 0) > first, 30_000, 200);
});
