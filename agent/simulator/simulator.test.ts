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
    simulator = createSimulator({ serverUrl: server.url, token: "test-token", nodes: 9, zones: 3, intervalMs: 100, seed: 1 });
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
    await new Promise((resolve) => setTimeout(resolve, 400));
    assert.ok((simulator.nodes().find((node) => node.id === "sim-c-003")?.stats.heartbeats.queued ?? 0) > 0, "a partitioned node spools");
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
});
