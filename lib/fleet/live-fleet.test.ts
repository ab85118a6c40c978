import assert from "node:assert/strict";
import { test } from "node:test";
import { detectorConfig } from "../detect/detector";
import { LiveFleet } from "./live-fleet";

const T0 = 1_800_000_000_000;
const metrics = { cpu: 10, mem: 20, disk: 30, netIn: 1, netOut: 1, load1: 0.5 };

function fleetOf(size: number): LiveFleet {
  const fleet = new LiveFleet(detectorConfig({ heartbeatIntervalMs: 1000, suspectPhi: 8, downPhi: 16, disconnectConfirmMs: 3000, reconnectGraceMs: 0 }));
  for (let i = 0; i < size; i++) {
    fleet.applyHello(`n${i}`, { hostname: `n${i}`, agentVersion: "test" }, { heartbeat: 0, log: 0 }, T0);
    fleet.connected(`n${i}`, T0);
  }
  return fleet;
}

test("browser deltas carry every state change, and metric-only changes a bounded number at a time, oldest first", () => {
  const fleet = fleetOf(5);
  assert.equal(fleet.takeUiDirty(2).length, 5, "hellos are state changes: all of them");
  for (let i = 0; i < 5; i++) fleet.acceptHeartbeat(`n${i}`, { seq: 1, ts: T0 + 1000, metrics }, T0 + 1000);
  fleet.disconnected("n4", T0 + 1500);
  assert.deepEqual(fleet.takeUiDirty(2).map((n) => n.id), ["n4", "n0", "n1"]);
  fleet.acceptHeartbeat("n0", { seq: 2, ts: T0 + 2000, metrics }, T0 + 2000);
  assert.deepEqual(fleet.takeUiDirty(2).map((n) => n.id), ["n2", "n3"], "those waiting longest go first");
  assert.deepEqual(fleet.takeUiDirty(2).map((n) => n.id), ["n0"]);
  assert.deepEqual(fleet.takeUiDirty(2), []);
});

test("a removed node leaves every view at once, and in-flight heartbeats or hellos do not bring it back", () => {
  const fleet = fleetOf(3);
  fleet.acceptHeartbeat("n1", { seq: 1, ts: T0 + 1000, metrics }, T0 + 1000);
  fleet.takeUiDirty();
  fleet.acceptHeartbeat("n1", { seq: 2, ts: T0 + 2000, metrics }, T0 + 2000);
  fleet.remove("n1", T0 + 2500);
  assert.deepEqual(fleet.views().map((n) => n.id), ["n0", "n2"]);
  assert.equal(fleet.get("n1"), undefined);
  assert.equal(fleet.lastSeqs("n1"), null);
  assert.deepEqual(fleet.takeUiDirty().map((n) => n.id), [], "no delta for a node that is gone");
  assert.deepEqual(fleet.takeUiRemoved(), ["n1"], "browsers are told to drop it");
  assert.deepEqual(fleet.takeUiRemoved(), []);
  assert.deepEqual(fleet.takeSnapshotDirty(true).map((row) => row.id).sort(), ["n0", "n2"], "and no snapshot row for it");
  assert.equal(fleet.stats(T0 + 2500, { heartbeatsPerSec: 0, logsPerSec: 0 }).total, 2);
  assert.ok(!fleet.recentLoad(T0 + 2500, 60_000).some((load) => load.nodeId === "n1"));

  assert.equal(fleet.acceptHeartbeat("n1", { seq: 3, ts: T0 + 3000, metrics }, T0 + 3000), false, "a heartbeat in flight is dropped");
  assert.deepEqual(fleet.acceptLogSeqs("n1", [1, 2]), [false, false]);
  fleet.connected("n1", T0 + 3000);
  fleet.rewind("n1", 0, 0);
  fleet.applyHello("n1", { hostname: "n1", agentVersion: "test" }, { heartbeat: 2, log: 0 }, T0 + 2400);
  assert.equal(fleet.get("n1"), undefined, "a hello that began before the removal is stale");
  assert.ok(!fleet.judgeAll(T0 + 60_000, false).some((change) => change.nodeId === "n1"), "nothing left to judge");

  // Re-enrolled after an admin's credential reset: a hello that begins later is a new start.
  fleet.applyHello("n1", { hostname: "n1", agentVersion: "test" }, { heartbeat: 2, log: 0 }, T0 + 5000);
  fleet.connected("n1", T0 + 5000);
  assert.equal(fleet.get("n1")?.connected, true);
  assert.equal(fleet.get("n1")?.metrics, null, "nothing of its old live state came back");
});
