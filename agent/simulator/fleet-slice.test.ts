import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { startFakeAgentServer, type FakeAgentServer } from "../testing/fake-agent-server";
import { waitFor } from "../testing/wait-for";
import { silentLogger } from "../logger";
import { routeChaos } from "./chaos-routing";
import { startControlServer, type ControlServer } from "./control-server";
import type { FleetConfig, FleetControl } from "./fleet-control";
import { buildFleetLayout, GROUP_SIZE } from "./fleet-layout";
import { defaultProcessCount, fleetSlices, maxProcessCount } from "./fleet-slice";
import { LogRhythm } from "./log-rhythm";
import { startProcessFleet } from "./process-fleet";
import { behindScheduleWarning, isBehindSchedule, quantileOfBuckets, ScheduleMonitor, summarizeSchedule } from "./schedule-monitor";
import { createRandom } from "./seeded-random";
import { ChaosTargetError, createSimulator } from "./simulator";

const identity = (view: { id: string; zone: string; group: string; role: string; following?: string; shape: string }) =>
  `${view.id} ${view.zone} ${view.group} ${view.role} ${view.following ?? "-"} ${view.shape}`;

describe("fleet slices", () => {
  it("cover every node once, in whole replica groups, as evenly as groups allow", () => {
    for (const nodes of [1, 2, 3, 10, 100, 1001, 10_000]) {
      for (const processes of [1, 2, 3, 4, 7, 50]) {
        const slices = fleetSlices(nodes, processes);
        assert.equal(slices.length, Math.min(processes, Math.ceil(nodes / GROUP_SIZE)), `${nodes} nodes over ${processes}`);
        assert.equal(slices[0].start, 0);
        assert.equal(slices.at(-1)?.end, nodes);
        for (const [index, slice] of slices.entries()) {
          assert.equal(slice.index, index);
          assert.equal(slice.count, slices.length);
          assert.ok(slice.end > slice.start, "no empty slice");
          assert.equal(slice.start % GROUP_SIZE, 0, "a slice starts at a group");
          if (index > 0) assert.equal(slice.start, slices[index - 1].end, "contiguous");
        }
        const sizes = slices.map((slice) => slice.end - slice.start);
        assert.ok(Math.max(...sizes) - Math.min(...sizes) <= GROUP_SIZE, `even: ${sizes.join(",")}`);
      }
    }
  });

  it("default to one process for small fleets and about 2,500 nodes per process beyond, capped at twice the cores", () => {
    assert.equal(defaultProcessCount(50, 2), 1);
    assert.equal(defaultProcessCount(1000, 2), 1);
    assert.equal(defaultProcessCount(1001, 2), 2);
    assert.equal(defaultProcessCount(3000, 2), 2);
    assert.equal(defaultProcessCount(10_000, 2), 4);
    assert.equal(defaultProcessCount(50_000, 2), maxProcessCount(2));
    assert.equal(defaultProcessCount(50_000, 8), 16);
  });

  it("give every node the same id, zone, group, role and primary whatever the process count", () => {
    const nodes = 101;
    const simulatorFor = (slice?: { start: number; end: number }) =>
      createSimulator({ serverUrl: "http://127.0.0.1:9", token: "t", nodes, zones: 3, seed: 5, ...(slice ? { slice } : {}) });
    const whole = simulatorFor().nodes().map(identity);
    assert.equal(whole.length, nodes);
    for (const processes of [2, 3, 4, 7]) {
      const sliced = fleetSlices(nodes, processes).flatMap((slice) => simulatorFor(slice).nodes().map(identity));
      assert.deepEqual(sliced, whole, `${processes} processes`);
    }
    // A replica's primary is always simulated by the same process as the replica.
    for (const slice of fleetSlices(nodes, 4)) {
      const views = simulatorFor(slice).nodes();
      const ids = new Set(views.map((view) => view.id));
      for (const view of views) if (view.following) assert.ok(ids.has(view.following), `${view.id} follows ${view.following} in its own slice`);
    }
  });
});

describe("chaos routing over processes", () => {
  const layout = buildFleetLayout({ nodes: 30, zones: 3, prefix: "sim", random: createRandom(1) });
  const slices = fleetSlices(30, 3);

  it("sends named nodes to the processes that hold them", () => {
    const legs = routeChaos({ action: "kill", nodes: ["sim-a-001", "sim-c-030", "sim-b-002"] }, layout, slices, 3);
    assert.deepEqual(legs, [
      { slice: 0, request: { action: "kill", nodes: ["sim-a-001", "sim-b-002"] } },
      { slice: 2, request: { action: "kill", nodes: ["sim-c-030"] } },
    ]);
  });

  it("sends a zone to every process with a node in it, and a fleet-wide recovery to all", () => {
    assert.deepEqual(
      routeChaos({ action: "partition", zone: "zone-b" }, layout, slices, 3).map((leg) => leg.slice),
      [0, 1, 2],
    );
    assert.deepEqual(routeChaos({ action: "heal" }, layout, slices, 3), slices.map((slice) => ({ slice: slice.index, request: { action: "heal" } })));
    const slow = routeChaos({ action: "slow", nodes: ["sim-b-014"], jitterMs: 300 }, layout, slices, 3);
    assert.deepEqual(slow, [{ slice: 1, request: { action: "slow", nodes: ["sim-b-014"], jitterMs: 300 } }]);
  });

  it("refuses what one simulator refuses, in the same words", () => {
    const single = createSimulator({ serverUrl: "http://127.0.0.1:9", token: "t", nodes: 30, zones: 3, seed: 1 });
    for (const request of [{ action: "kill" as const }, { action: "kill" as const, nodes: ["nope"] }, { action: "hang" as const, zone: "zone-q" }]) {
      const routed = (() => {
        try {
          routeChaos(request, layout, slices, 3);
          return "accepted";
        } catch (error) {
          assert.ok(error instanceof ChaosTargetError);
          return error.message;
        }
      })();
      assert.throws(() => single.chaos(request), (error: unknown) => error instanceof ChaosTargetError && error.message === routed);
    }
  });
});

describe("schedule monitor", () => {
  it("reads quantiles and maxima of any window from cumulative buckets", () => {
    const monitor = new ScheduleMonitor();
    for (let i = 0; i < 990; i++) monitor.recordBeat(3);
    for (let i = 0; i < 10; i++) monitor.recordBeat(900);
    const first = monitor.totals();
    const all = summarizeSchedule(first);
    assert.equal(all.beats, 1000);
    assert.ok(all.latenessP50Ms <= 5);
    assert.ok(all.latenessP99Ms <= 5, `p99 ${all.latenessP99Ms}`);
    assert.equal(all.latenessMaxMs, 900);
    assert.ok(isBehindSchedule({ ...all, latenessP99Ms: 250 }, 1000));
    assert.ok(!isBehindSchedule(all, 1000));

    for (let i = 0; i < 100; i++) monitor.recordBeat(850);
    const window = summarizeSchedule(monitor.totals(), first);
    assert.equal(window.beats, 100);
    assert.ok(window.latenessP99Ms > 750 && window.latenessP99Ms <= 1000, `window p99 ${window.latenessP99Ms}`);
    // The window's maximum is known as a bound (the running maximum, 900, was set before it); p99 never exceeds it.
    assert.equal(window.latenessMaxMs, 900);
    assert.ok(window.latenessP99Ms <= window.latenessMaxMs);
    assert.ok(isBehindSchedule(window, 1000));
    assert.ok(Number.isNaN(quantileOfBuckets([0, 0], 0.99)));
    const line = behindScheduleWarning(window, { windowMs: 10_000, nodes: 2500, processes: 4, cores: 2, maxProcesses: 4 });
    assert.match(line, /^behind schedule: p99 lateness \d+ ms over the last 10 s .*this process simulates 2,500 nodes; already 4 processes on 2 cores/);
    assert.match(behindScheduleWarning(window, { windowMs: 10_000, nodes: 2500, processes: 1, cores: 2, maxProcesses: 4 }), /try --processes 2\)$/);
    const starved = behindScheduleWarning(window, { windowMs: 10_000, nodes: 2500, processes: 1, cores: 2, maxProcesses: 4 }, { busy: 0.3, waitingForCore: 0.6 });
    assert.match(starved, /waited for a core 60 % of the time and ran 30 %: the machine is short of CPU, so more processes would not help/);
  });
});

describe("log rhythm", () => {
  it("averages the asked rate over a fleet, with bursts", () => {
    const random = createRandom(3);
    const rate = 0.1;
    const nodes = Array.from({ length: 500 }, () => new LogRhythm(random, random.between(0.4, 1.6), rate));
    let lines = 0;
    let burstBeats = 0;
    const seconds = 1200;
    for (let second = 1; second <= seconds; second++) {
      for (const node of nodes) {
        lines += node.linesFor(1000, second * 1000);
        if (node.bursting(second * 1000)) burstBeats++;
      }
    }
    const perNodePerSecond = lines / nodes.length / seconds;
    assert.ok(Math.abs(perNodePerSecond - rate) < rate * 0.15, `average ${perNodePerSecond}`);
    assert.ok(burstBeats > 0, "some nodes burst");
    assert.equal(new LogRhythm(random, 1, 0).linesFor(60_000, 1), 0, "rate 0 logs nothing");
  });
});

describe("simulator over several processes", () => {
  let server: FakeAgentServer;
  let fleet: FleetControl;
  let control: ControlServer;
  const exits: string[] = [];
  const config: FleetConfig = {
    serverUrl: "",
    token: "test-token",
    nodes: 12,
    zones: 3,
    intervalMs: 200,
    seed: 9,
    prefix: "sim",
    logRate: 0.5,
    startRampMs: 0,
    processes: 2,
    cores: 2,
  };

  before(async () => {
    server = await startFakeAgentServer();
    fleet = await startProcessFleet({
      config: { ...config, serverUrl: server.url },
      processes: 2,
      logger: silentLogger,
      onChildExit: (detail) => exits.push(JSON.stringify(detail)),
    });
    await fleet.waitUntilConnected(20_000);
    control = await startControlServer(fleet, 0);
  });
  after(async () => {
    await control?.close();
    await fleet?.stop();
    await server?.close();
  });

  it("runs the same fleet as one process would, one socket per node", async () => {
    const single = createSimulator({ serverUrl: server.url, token: "t", nodes: 12, zones: 3, seed: 9 });
    const views = await fleet.nodes();
    assert.deepEqual(views.map(identity), single.nodes().map(identity));
    assert.equal(server.connectedCount(), 12);
    await waitFor(() => views.every((view) => server.node(view.id).heartbeats.size >= 3), "heartbeats from every node");
  });

  it("forwards chaos to the process holding the node and reports each process's schedule", async () => {
    const post = (body: unknown) =>
      fetch(`http://127.0.0.1:${control.port}/chaos`, { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json" } });
    const killed = await post({ action: "kill", nodes: ["sim-a-010", "sim-b-002"] });
    assert.equal(killed.status, 200);
    assert.deepEqual(((await killed.json()) as { affected: string[] }).affected.sort(), ["sim-a-010", "sim-b-002"]);
    await waitFor(() => server.connectedCount() === 10, "the server sees both kills");
    assert.equal((await post({ action: "kill", nodes: ["sim-z-999"] })).status, 400);
    assert.equal((await post({ action: "kill" })).status, 400);

    const stats = (await (await fetch(`http://127.0.0.1:${control.port}/stats`)).json()) as {
      stats: { nodes: number; connected: number };
      processes: { index: number; nodes: number; schedule: { lateness: number[] } }[];
    };
    assert.equal(stats.stats.nodes, 12);
    assert.equal(stats.stats.connected, 10);
    assert.deepEqual(stats.processes.map((each) => each.nodes), [6, 6]);
    assert.ok(stats.processes.every((each) => each.schedule.lateness.reduce((a, b) => a + b, 0) > 0), "every process counted its beats");

    assert.equal((await post({ action: "revive" })).status, 200);
    await fleet.waitUntilConnected(10_000);
    assert.equal(server.connectedCount(), 12);
    assert.deepEqual(exits, []);
  });
});
