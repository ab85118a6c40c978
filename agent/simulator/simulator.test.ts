import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { heartbeatSchema } from "../../lib/protocol/agent";
import { startFakeAgentServer, type FakeAgentServer } from "../testing/fake-agent-server";
import { waitFor } from "../testing/wait-for";
import { startControlServer, type ControlServer } from "./control-server";
import { buildFleetLayout } from "./fleet-layout";
import { createRandom } from "./seeded-random";
import { createSimulator, type Simulator } from "./simulator";

describe("fleet layout", () => {
  it("is reproducible from the seed and builds groups of three across zones", () => {
    const first = buildFleetLayout({ nodes: 12, zones: 3, prefix: "sim", random: createRandom(7) });
    const second = buildFleetLayout({ nodes: 12, zones: 3, prefix: "sim", random: createRandom(7) });
    assert.deepEqual(first, second);
    assert.deepEqual(first.slice(0, 4).map((node) => node.id), ["sim-a-001", "sim-b-002", "sim-c-003", "sim-a-004"]);
    const shard = first.filter((node) => node.group === "shard-01");
    assert.deepEqual(shard.map((node) => node.role), ["primary", "replica", "replica"]);
    assert.deepEqual(new Set(shard.map((node) => node.zone)).size, 3);
    assert.ok(shard.slice(1).every((node) => node.following === "sim-a-001"));
    assert.ok(first.some((node) => node.shape === "hot"));
  });
});

describe("simulator", () => {
  let server: FakeAgentServer;
  let simulator: Simulator;
  let control: ControlServer;

  before(async () => {
    server = await startFakeAgentServer();
    simulator = createSimulator({
      serverUrl: server.url,
      token: "test-token",
      nodes: 9,
      zones: 3,
      intervalMs: 100,
      seed: 1,
      commands: { restartMs: 500, resyncMs: 300 },
    });
    await simulator.start();
    await simulator.waitUntilConnected(5000);
    control = await startControlServer(simulator, 0);
  });
  after(async () => {
    await control.close();
    await simulator.stop();
    await server.close();
  });

  it("sends valid heartbeats with replication from every node", async () => {
    await waitFor(() => simulator.nodes().every((node) => server.node(node.id).heartbeats.size >= 3), "heartbeats");
    const replica = server.node("sim-b-002").heartbeats.get(2);
    assert.ok(replica);
    assert.ok(heartbeatSchema.safeParse(replica).success);
    assert.equal(replica.replication?.role, "replica");
    assert.equal(replica.replication?.following, "sim-a-001");
    const primary = [...server.node("sim-a-001").heartbeats.values()].at(-1);
    assert.match(primary?.replication?.address ?? "", /^10\.\d+\.\d+\.\d+:6379$/, "a simulated node reports its data address");
    assert.equal(replica.replication?.followingAddress, primary?.replication?.address, "a replica reports the address it follows");
  });

  it("kills and revives a node, and replays what a partitioned zone spooled", async () => {
    simulator.chaos({ action: "kill", nodes: ["sim-a-001"] });
    await waitFor(() => server.connectedCount() === 8, "server sees the kill");
    await waitFor(() => server.node("sim-b-002").heartbeats.size > 0 && [...server.node("sim-b-002").heartbeats.values()].at(-1)?.replication?.linkUp === false, "replica loses its primary");
    simulator.chaos({ action: "revive", nodes: ["sim-a-001"] });
    await simulator.waitUntilConnected(5000);

    const before = server.node("sim-c-003").heartbeats.size;
    const result = simulator.chaos({ action: "partition", zone: "zone-c" });
    assert.deepEqual(result.affected.sort(), ["sim-c-003", "sim-c-006", "sim-c-009"]);
    await waitFor(() => (simulator.nodes().find((node) => node.id === "sim-c-003")?.stats.heartbeats.queued ?? 0) > 0, "a partitioned node spools");
    simulator.chaos({ action: "heal" });
    await simulator.waitUntilConnected(5000);
    await waitFor(() => server.node("sim-c-003").heartbeats.size >= before + 3, "replayed partition data");
    const seqs = [...server.node("sim-c-003").heartbeats.keys()].sort((a, b) => a - b);
    assert.deepEqual(seqs, Array.from({ length: seqs.length }, (_, i) => i + 1), "no gaps");
  });

  it("exposes chaos over HTTP with validation", async () => {
    const post = (body: unknown) =>
      fetch(`http://127.0.0.1:${control.port}/chaos`, { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json" } });
    const hang = await post({ action: "hang", nodes: ["sim-b-005"] });
    assert.equal(hang.status, 200);
    assert.deepEqual(await hang.json(), { action: "hang", affected: ["sim-b-005"] });
    const listed = (await (await fetch(`http://127.0.0.1:${control.port}/nodes`)).json()) as { nodes: { id: string; status: string }[] };
    assert.equal(listed.nodes.find((node) => node.id === "sim-b-005")?.status, "hung");
    assert.equal(server.connectedCount(), 9, "a hung node keeps its connection");
    assert.equal((await post({ action: "explode", nodes: ["sim-b-005"] })).status, 400);
    assert.equal((await post({ action: "kill" })).status, 400, "destructive actions need a target");
    assert.equal((await post({ action: "kill", nodes: ["nope"] })).status, 400);
    assert.equal((await post({ action: "unhang" })).status, 200);
    assert.equal((await fetch(`http://127.0.0.1:${control.port}/chaos`, { method: "POST", body: "{" })).status, 400);
  });

  it("carries out promote, follow and restart commands through the agent client", async () => {
    await simulator.waitUntilConnected(5000);
    const lastBeat = (id: string) => [...server.node(id).heartbeats.values()].sort((a, b) => a.seq - b.seq).at(-1);
    const view = (id: string) => simulator.nodes().find((node) => node.id === id);
    const outcome = async (id: string, payload: unknown) => {
      const ack = await server.sendCommand(id, payload);
      assert.ok(ack.ok, JSON.stringify(ack));
      return ack.data;
    };

    simulator.chaos({ action: "kill", nodes: ["sim-a-001"] });
    const promoted = await outcome("sim-b-002", { id: "failover-1", kind: "promote", epoch: 4, args: {}, timeoutMs: 5000 });
    assert.equal(promoted.outcome, "succeeded", promoted.detail);
    assert.deepEqual(promoted.replication && { role: promoted.replication.role, linkUp: promoted.replication.linkUp }, { role: "primary", linkUp: true });
    assert.equal(view("sim-b-002")?.role, "primary");
    assert.equal(view("sim-b-002")?.epoch, 4);
    await waitFor(() => lastBeat("sim-b-002")?.replication?.role === "primary", "heartbeats of the new primary");

    const followed = await outcome("sim-c-003", { id: "failover-2", kind: "follow", epoch: 4, args: { target: "sim-b-002" }, timeoutMs: 5000 });
    assert.equal(followed.outcome, "succeeded", followed.detail);
    assert.equal(followed.replication?.following, "sim-b-002");
    assert.equal(followed.replication?.linkUp, false, "resyncing right after the follow");
    await waitFor(
      () => lastBeat("sim-c-003")?.replication?.following === "sim-b-002" && lastBeat("sim-c-003")?.replication?.linkUp === true,
      "the replica follows its new primary",
    );
    const newPrimaryOffset = lastBeat("sim-b-002")?.replication?.offset ?? 0;
    await waitFor(() => (lastBeat("sim-c-003")?.replication?.offset ?? 0) >= newPrimaryOffset * 0.9, "offsets track the new primary");

    const stale = await outcome("sim-c-003", { id: "stale", kind: "promote", epoch: 3, args: {}, timeoutMs: 5000 });
    assert.equal(stale.outcome, "refused");
    const again = await outcome("sim-b-002", { id: "failover-1", kind: "promote", epoch: 4, args: {}, timeoutMs: 5000 });
    assert.deepEqual(again, promoted, "a repeated id gets the first outcome");
    const unknown = await outcome("sim-c-003", { id: "f-3", kind: "follow", epoch: 4, args: { target: "sim-z-999" }, timeoutMs: 5000 });
    assert.equal(unknown.outcome, "refused");
    const stranger = await outcome("sim-c-003", { id: "f-4", kind: "follow", epoch: 4, args: { target: "sim-c-006" }, timeoutMs: 5000 });
    assert.equal(stranger.outcome, "refused", "a node of another replica group is never followed");
    assert.match(stranger.detail, /not a member of replica group/);

    const beatsBefore = server.node("sim-c-006").heartbeats.size;
    const restart = server.sendCommand("sim-c-006", { id: "r-1", kind: "restart", epoch: 0, args: {}, timeoutMs: 5000 });
    await waitFor(() => view("sim-c-006")?.status === "hung", "the node hangs while it restarts");
    const restarted = await restart;
    assert.ok(restarted.ok && restarted.data.outcome === "succeeded", JSON.stringify(restarted));
    assert.equal(view("sim-c-006")?.status, "running");
    await waitFor(() => server.node("sim-c-006").heartbeats.size > beatsBefore + 3, "heartbeats after the restart");
    simulator.chaos({ action: "revive", nodes: ["sim-a-001"] });
  });

  it("pauses a primary's writes, lets a replica catch up to the paused offset, and unpauses", async () => {
    await simulator.waitUntilConnected(5000);
    const outcome = async (id: string, payload: unknown) => {
      const ack = await server.sendCommand(id, payload);
      assert.ok(ack.ok, JSON.stringify(ack));
      return ack.data;
    };
    const notPrimary = await outcome("sim-c-003", { id: "p-0", kind: "pause-writes", epoch: 4, args: { pauseMs: 2000 }, timeoutMs: 2000 });
    assert.equal(notPrimary.outcome, "refused");
    const paused = await outcome("sim-b-002", { id: "p-1", kind: "pause-writes", epoch: 4, args: { pauseMs: 5000 }, timeoutMs: 2000 });
    assert.equal(paused.outcome, "succeeded", paused.detail);
    const offset = paused.replication?.offset ?? 0;
    assert.ok(offset > 0);
    const caughtUp = await outcome("sim-c-003", { id: "c-1", kind: "catch-up", epoch: 4, args: { offset }, timeoutMs: 4000 });
    assert.equal(caughtUp.outcome, "succeeded", caughtUp.detail);
    assert.ok((caughtUp.replication?.offset ?? 0) >= offset);
    const unpaused = await outcome("sim-b-002", { id: "u-1", kind: "unpause", epoch: 4, args: {}, timeoutMs: 2000 });
    assert.equal(unpaused.outcome, "succeeded", unpaused.detail);
  });

  it("crash-loops a node's service while its agent stays connected, through restarts, until told stable", async () => {
    await simulator.waitUntilConnected(5000);
    const id = "sim-a-007";
    const beats = () => [...server.node(id).heartbeats.values()].sort((a, b) => a.seq - b.seq);
    const lastSeq = () => beats().at(-1)?.seq ?? 0;
    const gaugesAfter = (seq: number) => beats().filter((beat) => beat.seq > seq).map((beat) => beat.metrics.custom?.service_up);
    const connected = server.connectedCount();

    const start = lastSeq();
    assert.deepEqual(simulator.chaos({ action: "crashloop", nodes: [id], periodMs: 500 }), { action: "crashloop", affected: [id] });
    await waitFor(() => beats().some((beat) => beat.seq > start && beat.metrics.custom?.service_up === 0 && (beat.metrics.errorRate ?? 0) >= 0.5), "a beat reporting the service down");
    await waitFor(() => gaugesAfter(start).includes(0) && gaugesAfter(start).includes(1), "the service down, then up again");
    assert.equal(server.connectedCount(), connected, "the agent stays connected while its service crash-loops");
    assert.deepEqual(simulator.nodes().filter((node) => node.crashLooping).map((node) => node.id), [id]);
    assert.equal(simulator.nodes().find((node) => node.id === id)?.status, "running");

    const restarted = await server.sendCommand(id, { id: "r-crashloop", kind: "restart", epoch: 0, args: {}, timeoutMs: 5000 });
    assert.ok(restarted.ok && restarted.data.outcome === "succeeded", JSON.stringify(restarted));
    const afterRestart = lastSeq();
    await waitFor(() => gaugesAfter(afterRestart).includes(0) && gaugesAfter(afterRestart).includes(1), "still crash-looping after a restart");

    assert.ok(simulator.chaos({ action: "stable" }).affected.includes(id), "stable may target the whole fleet");
    const stable = lastSeq();
    await waitFor(() => gaugesAfter(stable).length >= 8, "heartbeats after stable");
    assert.deepEqual(new Set(gaugesAfter(stable)), new Set([1]), "the service stays up (and keeps reporting its gauge)");
    assert.equal(simulator.nodes().find((node) => node.id === id)?.crashLooping, false);
    const other = [...server.node("sim-b-008").heartbeats.values()].at(-1);
    assert.equal(other?.metrics.custom?.service_up, undefined, "nodes that never crash-looped report no service gauge");
  });
});
