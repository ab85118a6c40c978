import assert from "node:assert/strict";
import { test } from "node:test";
import type { NodeView, ServiceHealth } from "../protocol/views";
import { fleetNode } from "./fixtures";
import { CRASH_LOOP_OUTAGES, SERVICE_RECOVERY_HOLD_MS, nodeHealth, nodeHealthReason, observeServiceHealth, readServiceMetrics, restartDidNotHeal } from "./service-verdict";

const base = fleetNode("svc-1");
const metrics = (errorRate: number, serviceUp?: number): NodeView["metrics"] => ({
  ...base.metrics!,
  errorRate,
  custom: serviceUp === undefined ? null : { service_up: serviceUp },
});
const T0 = 1_700_000_000_000;

/** Folds one heartbeat a second; returns every verdict. */
function fold(samples: NodeView["metrics"][], start = T0): ServiceHealth[] {
  const verdicts: ServiceHealth[] = [];
  let previous: ServiceHealth | null = null;
  samples.forEach((sample, index) => {
    previous = observeServiceHealth(previous, sample, start + index * 1_000);
    verdicts.push(previous);
  });
  return verdicts;
}

test("one heartbeat: service_up = 0 or errors ≥ 50 % is down, ≥ 10 % degraded, else ok", () => {
  const table: [NodeView["metrics"], string][] = [
    [null, "ok"],
    [metrics(0.01), "ok"],
    [metrics(0.08), "ok"],
    [metrics(0.1), "degraded"],
    [metrics(0.49), "degraded"],
    [metrics(0.5), "down"],
    [metrics(0.9), "down"],
    [metrics(0, 0), "down"],
    [metrics(0, 1), "ok"],
  ];
  for (const [sample, expected] of table) assert.equal(readServiceMetrics(sample).status, expected, JSON.stringify(sample));
  assert.match(readServiceMetrics(metrics(0.9)).reason ?? "", /error rate 90 %/);
});

test("a failing service is down at once, then degraded (recovering) for the hold time, then ok", () => {
  const samples = [metrics(0.9), metrics(0.01), ...Array.from({ length: SERVICE_RECOVERY_HOLD_MS / 1000 + 1 }, () => metrics(0.01))];
  const verdicts = fold(samples);
  assert.equal(verdicts[0].status, "down");
  assert.equal(verdicts[1].status, "degraded");
  assert.match(verdicts[1].reason ?? "", /recovering/);
  assert.equal(verdicts[1].since, T0 + 1_000);
  assert.equal(verdicts.at(-1)!.status, "ok");
  assert.equal(verdicts.at(-1)!.reason, null);
});

test("a crash loop never reads ok while it lasts, and is named as one", () => {
  // Down 5 s, up 5 s, in turns, for 2 minutes.
  const samples = Array.from({ length: 120 }, (_, s) => (Math.floor(s / 5) % 2 === 0 ? metrics(0.8, 0) : metrics(0.01, 1)));
  const verdicts = fold(samples);
  assert.ok(verdicts.every((verdict) => verdict.status !== "ok"));
  const late = verdicts.slice(CRASH_LOOP_OUTAGES * 10);
  assert.ok(late.every((verdict) => verdict.reason?.startsWith("crash-looping")), late.find((v) => !v.reason?.startsWith("crash-looping"))?.reason ?? "");
  assert.ok(verdicts.at(-1)!.outages.length <= 10);
});

test("errors around the degraded line do not hold it amber once they drop", () => {
  const verdicts = fold([metrics(0.2), metrics(0.01)]);
  assert.equal(verdicts[0].status, "degraded");
  assert.equal(verdicts[1].status, "ok");
});

test("a healthy service stays ok and keeps no history", () => {
  const verdicts = fold(Array.from({ length: 30 }, () => metrics(0.01, 1)));
  assert.ok(verdicts.every((verdict) => verdict.status === "ok" && verdict.outages.length === 0 && verdict.lastProblemAt === null));
  assert.equal(verdicts.at(-1)!.since, T0);
});

test("node health: the detector's states win; a healthy node with a sick service is not healthy", () => {
  const down: ServiceHealth = { status: "down", reason: "failing: error rate 90 %", since: T0, current: "down", lastProblemAt: T0, outages: [T0] };
  const degraded: ServiceHealth = { ...down, status: "degraded", reason: "recovering: last problem 3 s ago" };
  assert.equal(nodeHealth({ state: "healthy", service: undefined }), "healthy");
  assert.equal(nodeHealth({ state: "healthy", service: null }), "healthy");
  assert.equal(nodeHealth({ state: "healthy", service: down }), "service_down");
  assert.equal(nodeHealth({ state: "healthy", service: degraded }), "degraded");
  assert.equal(nodeHealth({ state: "down", service: degraded }), "down");
  assert.equal(nodeHealth({ state: "suspect", service: down }), "suspect");
  assert.equal(nodeHealth({ state: "maintenance", service: down }), "maintenance");
  assert.equal(nodeHealth({ state: "healthy", service: null }, true), "service_down");
  assert.equal(nodeHealthReason({ state: "healthy", stateReason: "heartbeats regular", service: down }), "failing: error rate 90 %");
  assert.match(nodeHealthReason({ state: "healthy", stateReason: null, service: null }, true) ?? "", /restart budget exhausted/);
  assert.equal(nodeHealthReason({ state: "down", stateReason: "no heartbeat for 9 s", service: down }), "no heartbeat for 9 s");
});

test("a restart heals only if the service is well afterwards", () => {
  const finishedAt = T0;
  const now = T0 + 30_000;
  const ok: ServiceHealth = { status: "ok", reason: null, since: T0 - 600_000, current: "ok", lastProblemAt: null, outages: [] };
  const healthyNode = { state: "healthy" as const, metrics: metrics(0.01, 1), service: ok };
  assert.equal(restartDidNotHeal(healthyNode, finishedAt, now), null);
  // Errors while the service started up are the restart itself.
  assert.equal(restartDidNotHeal({ ...healthyNode, service: { ...ok, status: "degraded", lastProblemAt: finishedAt + 2_000 } }, finishedAt, now), null);
  assert.equal(restartDidNotHeal({ ...healthyNode, metrics: metrics(0.9) }, finishedAt, now), "did not heal: failing: error rate 90 % 30 s after the restart");
  assert.match(restartDidNotHeal({ ...healthyNode, service: { ...ok, lastProblemAt: finishedAt + 12_000, reason: "recovering" } }, finishedAt, now) ?? "", /^did not heal: the service failed again 12 s after/);
  assert.match(restartDidNotHeal({ ...healthyNode, state: "down" }, finishedAt, now) ?? "", /^did not heal: the node is down/);
  assert.equal(restartDidNotHeal(undefined, finishedAt, now), null);
});
