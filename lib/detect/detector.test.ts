import assert from "node:assert/strict";
import { test } from "node:test";
import { detectorConfig, judge, newLiveness, recordConnect, recordDisconnect, recordHeartbeat, type Liveness } from "./detector";

const config = detectorConfig({ heartbeatIntervalMs: 1000, suspectPhi: 3, downPhi: 8, disconnectConfirmMs: 3000, reconnectGraceMs: 0 });
const TICK_MS = 100;

/** Feeds heartbeats at the given arrival times, judging every tick, and returns every state seen. */
function run(arrivals: number[], until: number, start = 0): { liveness: Liveness; states: { at: number; state: string }[] } {
  const liveness = newLiveness(config, "unknown", start);
  recordConnect(liveness, 0);
  const states: { at: number; state: string }[] = [];
  let next = 0;
  for (let now = start; now <= until; now += TICK_MS) {
    while (next < arrivals.length && arrivals[next] <= now) {
      recordHeartbeat(liveness, arrivals[next]);
      next++;
    }
    const verdict = judge(liveness, config, now, false);
    if (verdict) states.push({ at: now, state: verdict.to });
  }
  return { liveness, states };
}

function seededRandom(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (x * 1664525 + 1013904223) >>> 0;
    return x / 2 ** 32;
  };
}

test("a steady node is healthy and never suspected", () => {
  const arrivals = Array.from({ length: 120 }, (_, i) => i * 1000);
  const { states } = run(arrivals, 119_500);
  assert.deepEqual(states.map((s) => s.state), ["healthy"]);
});

test("a hung node (heartbeats stop, connection stays) is down within 5 s", () => {
  const arrivals = Array.from({ length: 30 }, (_, i) => i * 1000);
  const lastBeat = arrivals[arrivals.length - 1];
  const { states } = run(arrivals, lastBeat + 10_000);
  const down = states.find((s) => s.state === "down");
  assert.ok(down, "node should be declared down");
  assert.ok(down.at - lastBeat <= 5000, `down after ${down.at - lastBeat} ms`);
  const suspect = states.find((s) => s.state === "suspect");
  assert.ok(suspect && suspect.at < down.at, "suspect comes before down");
});

test("a killed node (disconnect) is suspect at once and down after the confirmation window", () => {
  const liveness = newLiveness(config, "unknown", 0);
  recordConnect(liveness, 0);
  for (let t = 0; t <= 10_000; t += 1000) recordHeartbeat(liveness, t);
  assert.equal(judge(liveness, config, 10_050, false)?.to, "healthy");
  recordDisconnect(liveness, 10_100);
  assert.equal(judge(liveness, config, 10_100, false)?.to, "suspect");
  assert.equal(judge(liveness, config, 12_000, false), null);
  const down = judge(liveness, config, 13_100, false);
  assert.equal(down?.to, "down");
  assert.match(down?.reason ?? "", /disconnected for 3\.0 s/);
});

test("a node that reconnects within the window is never down", () => {
  const liveness = newLiveness(config, "unknown", 0);
  recordConnect(liveness, 0);
  for (let t = 0; t <= 5000; t += 1000) recordHeartbeat(liveness, t);
  judge(liveness, config, 5000, false);
  recordDisconnect(liveness, 5100);
  assert.equal(judge(liveness, config, 5200, false)?.to, "suspect");
  recordConnect(liveness, 6400);
  recordHeartbeat(liveness, 6500);
  assert.equal(judge(liveness, config, 6600, false)?.to, "healthy");
});

test("±300 ms jitter with an occasional 1.5 s pause never makes a node suspect or down", () => {
  const random = seededRandom(7);
  for (let trial = 0; trial < 20; trial++) {
    const arrivals: number[] = [];
    let t = 0;
    for (let i = 0; i < 600; i++) {
      const pause = i % 97 === 50 ? 1500 : 1000;
      t += pause + (random() * 600 - 300);
      arrivals.push(Math.round(t));
    }
    const { states } = run(arrivals, arrivals[arrivals.length - 1]);
    assert.deepEqual(
      states.map((s) => s.state),
      ["healthy"],
      `trial ${trial}: ${JSON.stringify(states.slice(0, 4))}`,
    );
  }
});

test("during a grace period lateness is not judged, then it is", () => {
  const liveness = newLiveness(config, "healthy", 0);
  recordConnect(liveness, 0);
  for (let t = 0; t <= 5000; t += 1000) recordHeartbeat(liveness, t);
  assert.equal(judge(liveness, config, 12_000, true), null, "a late heartbeat while Vigil distrusts itself says nothing of the node");
  assert.equal(liveness.state, "healthy");
  assert.equal(judge(liveness, config, 12_100, false)?.to, "down");
});

test("during a grace period a disconnect makes a node suspect, and down only after the grace", () => {
  const liveness = newLiveness(config, "healthy", 0);
  recordConnect(liveness, 0);
  for (let t = 0; t <= 5000; t += 1000) recordHeartbeat(liveness, t);
  recordDisconnect(liveness, 5500);
  const inGrace = judge(liveness, config, 5500 + config.disconnectConfirmMs + 100, true);
  assert.equal(inGrace?.to, "suspect");
  assert.match(inGrace?.reason ?? "", /deferred during grace/);
  assert.equal(judge(liveness, config, 5500 + config.disconnectConfirmMs + 200, false)?.to, "down");
});

test("while ingest is behind, lateness is not judged but a closed connection still makes a node down", () => {
  const late = newLiveness(config, "healthy", 0);
  recordConnect(late, 0);
  for (let t = 0; t <= 5000; t += 1000) recordHeartbeat(late, t);
  assert.equal(judge(late, config, 12_000, false, true), null);
  const gone = newLiveness(config, "healthy", 0);
  recordConnect(gone, 0);
  for (let t = 0; t <= 5000; t += 1000) recordHeartbeat(gone, t);
  recordDisconnect(gone, 5500);
  assert.equal(judge(gone, config, 5600, false, true)?.to, "suspect");
  assert.equal(judge(gone, config, 5500 + config.disconnectConfirmMs + 100, false, true)?.to, "down");
});

test("a node known from before a restart goes down only if it does not come back", () => {
  const liveness = newLiveness(config, "healthy", 1000);
  assert.equal(judge(liveness, config, 2000, true)?.to, "suspect");
  assert.equal(judge(liveness, config, 4500, false)?.to, "down");
  const never = newLiveness(config, "unknown", 1000);
  assert.equal(judge(never, config, 60_000, false), null);
});

test("a node known from before a restart keeps its state while its agent may still be backing off, then is judged", () => {
  const withGrace = { ...config, reconnectGraceMs: 30_000 };
  const waiting = newLiveness(withGrace, "healthy", 1000);
  assert.equal(judge(waiting, withGrace, 20_000, false), null, "not suspect while the agent may still be reconnecting");
  assert.equal(judge(waiting, withGrace, 31_500, false)?.to, "suspect");
  assert.equal(judge(waiting, withGrace, 31_000 + withGrace.disconnectConfirmMs + 100, false)?.to, "down");
  const back = newLiveness(withGrace, "healthy", 1000);
  recordConnect(back, 12_000);
  recordHeartbeat(back, 12_000);
  assert.equal(judge(back, withGrace, 12_500, false), null, "an agent that came back is judged on its heartbeats at once");
});

test("a down node recovers when heartbeats resume, and maintenance is left alone", () => {
  const liveness = newLiveness(config, "down", 0);
  recordConnect(liveness, 0);
  recordHeartbeat(liveness, 100);
  assert.equal(judge(liveness, config, 150, false)?.to, "healthy");
  liveness.state = "maintenance";
  assert.equal(judge(liveness, config, 60_000, false), null);
});

test("an agent that says hello and then stays silent goes suspect, then down, like one that stopped mid-stream", () => {
  const liveness = newLiveness(config, "healthy", 0);
  recordConnect(liveness, 1000);
  const states: string[] = [];
  let downAt = -1;
  for (let now = 1000; now <= 30_000; now += TICK_MS) {
    const verdict = judge(liveness, config, now, false);
    if (!verdict) continue;
    states.push(verdict.to);
    if (verdict.to === "down") downAt = now;
  }
  assert.deepEqual(states, ["suspect", "down"]);
  assert.ok(downAt > 1000 && downAt <= 1000 + 10_000, `down within the detection window, was at ${downAt}`);
});

test("the gap between a connect and the first heartbeat does not widen the learned rhythm", () => {
  const liveness = newLiveness(config, "unknown", 0);
  recordConnect(liveness, 0);
  recordHeartbeat(liveness, 2_500);
  for (let t = 3_500; t <= 60_500; t += 1000) recordHeartbeat(liveness, t);
  assert.equal(judge(liveness, config, 60_600, false)?.to, "healthy");
  assert.equal(judge(liveness, config, 66_000, false)?.to, "down", "a regular 1 s rhythm makes a 5.5 s silence down");
});
