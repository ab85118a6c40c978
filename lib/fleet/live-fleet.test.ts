import assert from "node:assert/strict";
import { test } from "node:test";
import { detectorConfig } from "../detect/detector";
import { LiveFleet } from "./live-fleet";

const T0 = 1_800_000_000_000;
const metrics = { cpu: 10, mem: 20, disk: 30, netIn: 1, netOut: 1, load1: 0.5 };

function fleetOf(size: number): LiveFleet {
  const fleet = new LiveFleet(detectorConfig({ heartbeatIntervalMs: 1000, suspectPhi: 8, downPhi: 16, disconnectConfirmMs: 3000 }));
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
