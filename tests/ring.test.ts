import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { connectRawAgent, type RawAgent } from "./support/raw-agent";
import { api, startVigil, waitFor, type VigilProcess } from "./support/vigil-server";

type RingBody = {
  epoch: number;
  groups: { id: string; ownership: number; tokens: number; members: string[]; primary: string | null }[];
  agentsBehind: { nodeId: string }[];
};

let server: VigilProcess;
const agents: RawAgent[] = [];
const placements = new Map<string, number[]>();

before(async () => {
  server = await startVigil({ env: { VIGIL_STARTUP_GRACE_MS: "0" } });
  for (const group of ["shard-a", "shard-b", "shard-c"]) {
    for (const [index, role] of (["primary", "replica"] as const).entries()) {
      const nodeId = `${group}-${index}`;
      const agent = await connectRawAgent(server.url, nodeId, { group, role, zone: `zone-${index}` }, 500);
      agent.socket.on("placement", (payload: { epoch: number }) => placements.set(nodeId, [...(placements.get(nodeId) ?? []), payload.epoch]));
      agent.beat(() => (role === "primary" ? { role, offset: 100, lagMs: 0, linkUp: true } : { role, offset: 90, lagMs: 10, linkUp: true, following: `${group}-0` }));
      agents.push(agent);
    }
  }
});
after(async () => {
  for (const agent of agents) agent.stop();
  await server.stop();
  server.cleanup();
});

const ring = async () => (await api<RingBody>(server, "/api/v1/ring")).body;

test("healthy replica groups join the ring automatically; agents receive and acknowledge the epoch", async () => {
  const current = await waitFor("three groups on the ring", async () => {
    const body = await ring();
    return body.groups.length === 3 && body.agentsBehind.length === 0 ? body : null;
  }, 20_000, 250);
  const total = current.groups.reduce((sum, g) => sum + g.ownership, 0);
  assert.ok(Math.abs(total - 1) < 1e-9, `ownership sums to ${total}`);
  for (const group of current.groups) {
    assert.equal(group.primary, `${group.id}-0`);
    assert.deepEqual(group.members.sort(), [`${group.id}-0`, `${group.id}-1`]);
    assert.equal(group.tokens, 128);
  }
  for (const agent of agents) assert.equal(placements.get(agent.nodeId)?.at(-1), current.epoch);
});

test("a key lookup names the owning group and its primary", async () => {
  const { status, body } = await api<{ key: string; token: number; group: string; node: string }>(server, "/api/v1/ring/lookup?key=user:42");
  assert.equal(status, 200);
  assert.ok(["shard-a", "shard-b", "shard-c"].includes(body.group));
  assert.equal(body.node, `${body.group}-0`);
});

test("a previewed removal is exactly what applying it does, and agents move to the new epoch", async () => {
  const before = await ring();
  const change = { remove: ["shard-b"] };
  const preview = await api<{ fromEpoch: number; toEpoch: number; movedShare: number; moves: { from: string; to: string; share: number }[] }>(server, "/api/v1/ring/preview", {
    method: "POST",
    body: JSON.stringify(change),
  });
  assert.equal(preview.status, 200);
  assert.equal(preview.body.fromEpoch, before.epoch);
  const removedShare = before.groups.find((g) => g.id === "shard-b")?.ownership ?? 0;
  assert.ok(Math.abs(preview.body.movedShare - removedShare) < 1e-9, "only shard-b's keys move");
  assert.ok(preview.body.moves.every((m) => m.from === "shard-b"));

  const viewer = await api<{ token: string }>(server, "/api/v1/api-tokens", { method: "POST", body: JSON.stringify({ name: "ro", role: "viewer" }) });
  assert.equal((await api(server, "/api/v1/ring/changes", { method: "POST", token: viewer.body.token, body: JSON.stringify(change) })).status, 403);

  // Auto-join would put shard-b straight back; an operator turns it off first.
  await api(server, "/api/v1/ring/settings", { method: "PUT", body: JSON.stringify({ autoJoin: false }) });
  const applied = await api<{ epoch: number; movedShare: number }>(server, "/api/v1/ring/changes", { method: "POST", body: JSON.stringify({ ...change, reason: "decommission" }) });
  assert.equal(applied.status, 201);
  assert.equal(applied.body.epoch, preview.body.toEpoch);
  assert.equal(applied.body.movedShare, preview.body.movedShare);
  const stale = await api<{ error: { code: string } }>(server, "/api/v1/ring/changes", { method: "POST", body: JSON.stringify(change) });
  assert.equal(stale.status, 400, "removing an unknown group is refused");

  const after = await waitFor("agents on the new epoch", async () => {
    const body = await ring();
    return body.epoch === applied.body.epoch && body.agentsBehind.length === 0 ? body : null;
  }, 15_000, 250);
  assert.deepEqual(after.groups.map((g) => g.id).sort(), ["shard-a", "shard-c"]);
  assert.equal(placements.get("shard-a-0")?.at(-1), applied.body.epoch);
  const epochs = await api<{ items: { epoch: number; reason: string; movedShare: number }[] }>(server, "/api/v1/ring/epochs");
  assert.equal(epochs.body.items[0].reason, "decommission");
  assert.deepEqual(epochs.body.items.map((e) => e.epoch), [...epochs.body.items.map((e) => e.epoch)].sort((a, b) => b - a));
});
