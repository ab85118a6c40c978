import assert from "node:assert/strict";
import { test } from "node:test";
import type { NodeView } from "../protocol/views";
import { RecoverySim, T0, fleetNode, withErrorRate } from "./fixtures";
import { builtInPolicy } from "./policy";
import { restartBackoffMs, RESTART_CONFIRM_MS } from "./restart-ladder";
import { serviceProblem } from "./service-health";

const policy = builtInPolicy().restart;
const healthy = fleetNode("solo-1");
const sick = withErrorRate(0.8)(healthy);

/** Runs one round per second over [from, to), the node sick when `sickAt(t)` says so. */
function run(sim: RecoverySim, from: number, to: number, sickAt: (t: number) => boolean, node: NodeView = healthy) {
  for (let t = from; t < to; t += 1_000) sim.tick([sickAt(t) ? withErrorRate(0.8)(node) : node], t);
}


test("backoff doubles from 10 s and is capped at 5 min", () => {
  const table: [number, number][] = [
    [0, 0],
    [1, 10_000],
    [2, 20_000],
    [3, 40_000],
    [4, 80_000],
    [5, 160_000],
    [6, 300_000],
    [7, 300_000],
    [60, 300_000],
  ];
  for (const [restarts, expected] of table) assert.equal(restartBackoffMs(restarts, policy), expected, `after ${restarts} restarts`);
});

test("service unhealthy: errorRate ≥ 0.5 or service_up = 0; below is fine", () => {
  const table: [NodeView, boolean][] = [
    [healthy, false],
    [withErrorRate(0.49)(healthy), false],
    [withErrorRate(0.5)(healthy), true],
    [{ ...healthy, metrics: { ...healthy.metrics!, custom: { service_up: 0 } } }, true],
    [{ ...healthy, metrics: { ...healthy.metrics!, custom: { service_up: 1 } } }, false],
  ];
  for (const [node, unhealthy] of table) assert.equal(serviceProblem(node) !== null, unhealthy);
});

test("restart ladder: confirm, then 10 s and 20 s backoff, then the 3-in-15-min budget escalates once", () => {
  const sim = new RecoverySim();
  run(sim, T0, T0 + 5 * 60_000, () => true);
  const restarts = sim.allActions().filter((a) => a.kind === "restart");
  assert.equal(restarts.length, 3);
  const at = sim.runTimes("restart").map((t) => t - T0);
  assert.deepEqual(at, [RESTART_CONFIRM_MS, RESTART_CONFIRM_MS + 10_000, RESTART_CONFIRM_MS + 30_000]);
  assert.equal(new Set(restarts.map((a) => a.id)).size, 3, "every restart has its own id");
  const escalations = sim.allAlerts().filter((e) => e.kind === "escalated");
  assert.equal(escalations.length, 1);
  assert.match(escalations[0].summary, /Restart budget exhausted for solo-1/);
  const last = sim.outputs.at(-1)!;
  assert.equal(last.blocks.filter((b) => b.kind === "restart-budget").length, 1);
  assert.equal(last.blocks[0].acknowledgeable, true);
});

test("agent down: no restart (the agent cannot carry it out)", () => {
  const sim = new RecoverySim();
  for (let t = T0; t < T0 + 60_000; t += 1_000) sim.tick([{ ...sick, state: "down", connected: false }], t);
  assert.equal(sim.allActions().length, 0);
});

test("backoff resets only after 10 healthy minutes", () => {
  for (const [healthyForMs, expectFreshEpisode] of [
    [10 * 60_000, true],
    [5 * 60_000, false],
  ] as const) {
    const sim = new RecoverySim();
    run(sim, T0, T0 + 20_000, () => true); // restarts at +3 s and +13 s
    assert.equal(sim.allActions().length, 2);
    const back = T0 + 20_000 + healthyForMs;
    run(sim, T0 + 20_000, back, () => false);
    run(sim, back, back + 45_000, () => true);
    const thirdAt = sim.runTimes("restart")[2];
    const delay = thirdAt - back;
    // Fresh episode: confirm only (3 s). Same episode: backoff after 2 restarts is 20 s from the last restart, long past → at once.
    if (expectFreshEpisode) assert.equal(delay, RESTART_CONFIRM_MS, "fresh episode waits only for confirmation");
    else assert.equal(delay, 0, "same episode: the 20 s backoff since restart 2 has long passed");
    const thirdAction = sim.allActions()[2];
    assert.match(thirdAction.reason, expectFreshEpisode ? /^Restart 1 of solo-1/ : /^Restart 3 of solo-1/);
  }
});

test("acknowledging the restart-budget block starts a fresh episode", () => {
  const sim = new RecoverySim();
  run(sim, T0, T0 + 120_000, () => true);
  const blockId = sim.outputs.at(-1)!.blocks.find((b) => b.kind === "restart-budget")!.id;
  const before = sim.allActions().length;
  for (let t = T0 + 120_000; t < T0 + 130_000; t += 1_000) sim.tick([sick], t, { acknowledgements: [blockId] });
  assert.equal(sim.allActions().length, before + 1);
});

test("a node flapping every 5 s for 2 minutes gets at most 3 restarts, then one escalation", () => {
  const sim = new RecoverySim();
  run(sim, T0, T0 + 120_000, (t) => Math.floor((t - T0) / 5_000) % 2 === 0);
  const restarts = sim.allActions().filter((a) => a.kind === "restart" && a.state === "running");
  assert.ok(restarts.length <= 3, `${restarts.length} restarts`);
  assert.equal(restarts.length, 3);
  assert.equal(sim.allAlerts().filter((e) => e.kind === "escalated").length, 1);
});
