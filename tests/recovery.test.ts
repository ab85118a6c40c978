import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { Replication } from "../lib/protocol";
import { connectRawAgent, type RawAgent } from "./support/raw-agent";
import { afterRecoveryRounds } from "./support/metrics";
import { api, startVigil, waitFor, type VigilProcess } from "./support/vigil-server";

type ActionRow = { id: string; kind: string; target: string; state: string; reason: string; epoch: number; args: { target?: string } };

let server: VigilProcess;
const agents = new Map<string, RawAgent>();
const reports = new Map<string, Replication>();
const commandsSeen: { nodeId: string; kind: string; id: string; epoch: number }[] = [];
let offset = 10_000;

/** A replica group whose agents act on commands the way a Redis integration does. */
async function startGroup(group: string, zone: (i: number) => string): Promise<void> {
  const primary = `${group}-p`;
  for (const [i, nodeId] of [primary, `${group}-r1`, `${group}-r2`].entries()) {
    const role = i === 0 ? "primary" : "replica";
    // r1 is further behind than r2: the planner must pick r2 (highest offset).
    reports.set(nodeId, role === "primary" ? { role, offset, lagMs: 0, linkUp: true } : { role, offset: offset - (i === 1 ? 500 : 10), lagMs: 20, linkUp: true, following: primary });
    const agent = await connectRawAgent(server.url, nodeId, { group, role, zone: zone(i) }, 300);
    agent.onCommand((command) => {
      commandsSeen.push({ nodeId, kind: command.kind, id: command.id, epoch: command.epoch });
      const current = reports.get(nodeId) as Replication;
      if (command.kind === "promote") reports.set(nodeId, { role: "primary", offset: current.offset, lagMs: 0, linkUp: true });
      if (command.kind === "follow") reports.set(nodeId, { role: "replica", offset: current.offset, lagMs: 20, linkUp: true, following: command.args.target });
      return { id: command.id, outcome: "succeeded", detail: `${command.kind} done`, replication: reports.get(nodeId) };
    });
    agent.beat(() => reports.get(nodeId));
    agents.set(nodeId, agent);
  }
}

before(async () => {
  server = await startVigil({ env: { VIGIL_HEARTBEAT_INTERVAL_MS: "300", VIGIL_STARTUP_GRACE_MS: "0", VIGIL_DISCONNECT_CONFIRM_MS: "1000" } });
  await api(server, "/api/v1/policies", { method: "PUT", body: JSON.stringify({ default: { mode: "auto", failover: { confirmWindowMs: 2000 } } }) });
  await startGroup("rg1", (i) => `zone-${["a", "b", "c"][i]}`);
  await startGroup("rg2", (i) => `zone-${["a", "b", "c"][i]}`);
  setInterval(() => (offset += 50), 300).unref();
  await waitFor("groups healthy", async () => {
    const { body } = await api<{ items: { id: string; healthyCount: number }[] }>(server, "/api/v1/replica-groups");
    return body.items.filter((g) => g.id.startsWith("rg")).every((g) => g.healthyCount === 3) && body.items.length >= 2;
  }, 20_000, 200);
});
after(async () => {
  for (const agent of agents.values()) agent.stop();
  await server.stop();
  server.cleanup();
});

const actions = async () => (await api<{ items: ActionRow[] }>(server, "/api/v1/actions")).body.items;

test("a primary cut off from Vigil while its replicas still see it linked is not failed over, and the block says why", async () => {
  agents.get("rg2-p")?.stop();
  const status = await waitFor("a block explaining the wait", async () => {
    const { body } = await api<{ blocks: { kind: string; groupId: string; reason: string }[] }>(server, "/api/v1/recovery/status");
    return body.blocks.find((b) => b.groupId === "rg2" && b.kind === "primary-still-linked") ?? null;
  }, 20_000, 250);
  assert.match(status.reason, /link/i);
  await afterRecoveryRounds(server, 5);
  assert.ok(!(await actions()).some((a) => a.kind === "promote" && a.target.startsWith("rg2")), "no promotion in rg2");
});

test("when the primary is really gone, Vigil promotes the replica with the highest offset and re-points the other", async () => {
  agents.get("rg1-p")?.stop();
  reports.set("rg1-r1", { ...(reports.get("rg1-r1") as Replication), linkUp: false });
  reports.set("rg1-r2", { ...(reports.get("rg1-r2") as Replication), linkUp: false });
  const promote = await waitFor("promote succeeded", async () => (await actions()).find((a) => a.kind === "promote" && a.target.startsWith("rg1") && a.state === "succeeded") ?? null, 30_000, 250);
  assert.equal(promote.target, "rg1-r2");
  const follow = await waitFor("follow succeeded", async () => (await actions()).find((a) => a.kind === "follow" && a.target === "rg1-r1" && a.state === "succeeded") ?? null, 30_000, 250);
  assert.equal(follow.args.target, "rg1-r2");
  assert.equal(follow.epoch, promote.epoch, "the follow carries the new epoch");
  const group = await waitFor("rg1 recognises its new primary", async () => {
    const { body } = await api<{ items: { id: string; primaryId: string; epoch: number }[] }>(server, "/api/v1/replica-groups");
    const g = body.items.find((item) => item.id === "rg1");
    return g?.primaryId === "rg1-r2" ? g : null;
  }, 20_000, 250);
  assert.equal(group.epoch, promote.epoch);
  // One plan holds the whole failover, and it closes only once its follows ran.
  const plan = await waitFor("the failover plan closed", async () => {
    const { body } = await api<{ plans: { id: string; state: string; finishedAt: number | null; actions: { id: string; kind: string }[] }[] }>(server, "/api/v1/recovery/status");
    const found = body.plans.find((p) => p.actions.some((a) => a.id === promote.id));
    return found && found.state !== "active" ? found : null;
  }, 20_000, 250);
  assert.equal(plan.state, "completed");
  assert.deepEqual(plan.actions.map((a) => a.kind).sort(), ["follow", "promote"]);
  const promotions = commandsSeen.filter((c) => c.kind === "promote");
  assert.equal(new Set(promotions.map((c) => c.nodeId)).size, 1, "only one node was ever promoted");
  const audit = await api<{ items: { action: string; target: string; outcome: string }[] }>(server, "/api/v1/audit");
  assert.ok(audit.body.items.some((e) => e.action === "action.promote" && e.target === "rg1-r2" && e.outcome === "succeeded"));
});

test("the kill switch stops every action; viewers cannot touch it", async () => {
  const viewer = await api<{ token: string }>(server, "/api/v1/api-tokens", { method: "POST", body: JSON.stringify({ name: "ro", role: "viewer" }) });
  assert.equal((await api(server, "/api/v1/recovery/freeze", { method: "POST", token: viewer.body.token, body: "{}" })).status, 403);
  const frozen = await api<{ frozen: boolean }>(server, "/api/v1/recovery/freeze", { method: "POST", body: JSON.stringify({ reason: "maintenance of the monitor" }) });
  assert.equal(frozen.body.frozen, true);
  const status = await waitFor("freeze visible", async () => {
    const { body } = await api<{ freezes: { kind: string }[]; killSwitch: { frozen: boolean } }>(server, "/api/v1/recovery/status");
    return body.freezes.some((f) => f.kind === "kill-switch") ? body : null;
  }, 10_000, 250);
  assert.equal(status.killSwitch.frozen, true);
  const manual = await api<{ error: { code: string; message: string } }>(server, "/api/v1/actions", {
    method: "POST",
    body: JSON.stringify({ kind: "restart", target: "rg2-r1", reason: "try it anyway" }),
  });
  assert.equal(manual.status, 409, "an operator's manual action is held by the kill switch too");
  assert.match(manual.body.error.message, /frozen.*maintenance of the monitor/);
  assert.ok(!commandsSeen.some((c) => c.kind === "restart"), "nothing was sent");
  await api(server, "/api/v1/recovery/unfreeze", { method: "POST", body: "{}" });
});
