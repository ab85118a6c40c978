import assert from "node:assert/strict";
import { test } from "node:test";
import { FleetLoadHistory } from "./fleet-load-history";

const T0 = 1_800_000_000_000; // a minute boundary
const load = (cpu: number) => ({ cpu, mem: 50, disk: 10, load1: 1 });

test("means per minute across nodes, counting each node once per minute", () => {
  const history = new FleetLoadHistory();
  history.add("a", T0 + 1_000, load(10));
  history.add("a", T0 + 2_000, load(30));
  history.add("b", T0 + 3_000, load(50));
  history.add("a", T0 + 61_000, load(70));
  assert.deepEqual(history.points(T0 + 90_000), [
    { ts: T0, cpu: 30, mem: 50, disk: 10, load1: 1, nodes: 2 },
    { ts: T0 + 60_000, cpu: 70, mem: 50, disk: 10, load1: 1, nodes: 1 },
  ]);
});

test("seeded minutes fill the past, live minutes win, the hour rolls on", () => {
  const history = new FleetLoadHistory();
  history.seed([
    { ts: T0 - 120_000, cpu: 1, mem: 1, disk: 1, load1: 1, nodes: 5 },
    { ts: T0, cpu: 2, mem: 2, disk: 2, load1: 2, nodes: 5 },
  ]);
  history.add("a", T0 + 5_000, load(40));
  assert.deepEqual(history.points(T0 + 10_000).map((p) => [p.ts, p.cpu]), [[T0 - 120_000, 1], [T0, 40]]);
  history.add("a", T0 + 3_600_000, load(40));
  assert.deepEqual(history.points(T0 + 3_600_000 + 1).map((p) => p.ts), [T0 + 3_600_000]);
});
