import assert from "node:assert/strict";
import { test } from "node:test";
import type { VigilHealth } from "@/lib/protocol/api/problems";
import { withVigilHealth } from "./connection-health";

const live = { level: "live" as const, title: "Live", detail: "connected 03:00:00" };
const health = (over: Partial<VigilHealth>): VigilHealth => ({
  level: "ok",
  verdictsReliable: true,
  conditions: [],
  instanceId: "i1",
  leader: true,
  eventLoopLagMs: 2,
  ingestBacklogMs: 0,
  nodeWritesQueued: 0,
  nodeWriteFailures: 0,
  ...over,
});

test("a healthy Vigil keeps the indicator green and says so", () => {
  assert.deepEqual(withVigilHealth(live, health({})), { ...live, detail: "Vigil healthy · connected 03:00:00" });
});

test("an overloaded Vigil is never a green Live", () => {
  const view = withVigilHealth(
    live,
    health({ level: "critical", verdictsReliable: false, conditions: [{ kind: "overloaded", severity: "critical", message: "overloaded" }] }),
  );
  assert.deepEqual(view, { level: "offline", title: "Live · Vigil overloaded", detail: "verdicts may be false" });
});

test("a grace after the start is amber; a lost connection stays as the connection says", () => {
  const grace = health({ level: "warning", verdictsReliable: false, conditions: [{ kind: "detection-grace", severity: "warning", message: "grace" }] });
  assert.equal(withVigilHealth(live, grace).level, "degraded");
  const offline = { level: "offline" as const, title: "Offline since 03:00:00", detail: "retrying" };
  assert.deepEqual(withVigilHealth(offline, grace), offline);
});
