import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { Replication } from "../lib/protocol";
import { connectRawAgent, type RawAgent } from "./support/raw-agent";
import { afterRecoveryRounds } from "./support/metrics";
import { api, startVigil, waitFor, type VigilProcess } from "./support/vigil-server";

/*
 * An operator's promote or follow goes through the planner's guards: refused with the guards it
 * violates, forced only with a reason and then by an admin (or after an admin's approval), and a
 * promote carries the group's next fencing epoch. Real server, real Socket.IO agents.
 */

type ActionRow = { id: string; kind: string; target: string; state: string; reason: string; epoch: number; approvedBy: string | null; args: { overrides?: string[] } };
type Refusal = { error: { code: string; message: string; details?: { violations: { guard: string; message: string; overridable: boolean }[] } } };
type Created = { id: string; state: string; epoch: number; overridden: string[] };
type GroupRow = { id: string; epoch: number; primaryId: string | null; healthyCount: number; members: { nodeId: string; state: string }[] };

let server: VigilProcess;
let operator = "";
const agents = new Map<string, RawAgent>();
const reports = new Map<string, Replication>();
const commandsSeen: { nodeId: string; kind: string; id: string; epoch: number }[] = [];
let offset = 10_000;

async function startGroup(group: string): Promise<void> {
  const primary = `${group}-p`;
  for (const [i, nodeId] of [primary, `${group}-r1`, `${group}-r2`].entries()) {
    const role = i === 0 ? "primary" : "replica";
    reports.set(nodeId, role === "primary" ? { role, offset, lagMs: 0, linkUp: true } : { role, offset: offset - 10 * i, lagMs: 20, linkUp: true, following: primary });
    const agent = await connectRawAgent(server.url, nodeId, { group, role, zone: `zone-${i}` }, 300);
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

const groups = async () => (await api<{ items: GroupRow[] }>(server, "/api/v1/replica-groups")).body.items;
const actionById = async (id: string) => (await api<{ items: ActionRow[] }>(server, "/api/v1/actions")).body.items.find((a) => a.id === id);
const request = (body: Record<string, unknown>, token?: string) =>
  api<Created & Refusal>(server, "/api/v1/actions", { method: "POST", body: JSON.stringify(body), ...(token ? { token } : {}) });
/**
 * On a loaded machine the event loop stalls now and then, and Vigil then distrusts its own view:
 * the `frozen` guard holds manual actions as it holds the planner's. A request refused only for
 * that is asked again once the freeze has passed.
 */
async function requestOutsideFreezes(body: Record<string, unknown>, token?: string) {
  return waitFor("an answer not held by a self-check freeze", async () => {
    const answer = await request(body, token);
    const guards = answer.body.error?.details?.violations.map((v) => v.guard) ?? [];
    return answer.status === 409 && guards.length > 0 && guards.every((guard) => guard === "frozen") ? null : answer;
  }, 30_000, 500);
}
const guardsOf = (answer: { body: Refusal }) => answer.body.error.details?.violations.map((v) => v.guard) ?? [];
const audit = async () => (await api<{ items: { actor: string; action: string; target: string; outcome: string; detail: string | null; epoch: number | null }[] }>(server, "/api/v1/audit?limit=200")).body.items;

before(async () => {
  server = await startVigil({ env: { VIGIL_HEARTBEAT_INTERVAL_MS: "300", VIGIL_STARTUP_GRACE_MS: "0", VIGIL_DISCONNECT_CONFIRM_MS: "1000" } });
  // The planner itself does nothing here: every action in this file is a human's.
  await api(server, "/api/v1/policies", { method: "PUT", body: JSON.stringify({ default: { mode: "off" } }) });
  const token = await api<{ token: string }>(server, "/api/v1/api-tokens", { method: "POST", body: JSON.stringify({ name: "on-call", role: "operator" }) });
  operator = token.body.token;
  assert.ok(operator, "an operator token");
  for (const group of ["ma", "mb", "mc"]) await startGroup(group);
  setInterval(() => (offset += 50), 300).unref();
  await waitFor("groups healthy with a recognised primary", async () => {
    const items = (await groups()).filter((g) => g.id.startsWith("m"));
    return items.length === 3 && items.every((g) => g.healthyCount === 3 && g.primaryId === `${g.id}-p`);
  }, 20_000, 200);
});
after(async () => {
  for (const agent of agents.values()) agent.stop();
  await server.stop();
  server.cleanup();
});

test("an operator's promote of a replica while the primary is healthy is refused, naming the guard", async () => {
  const answer = await request({ kind: "promote", target: "ma-r1", reason: "try a switchover" }, operator);
  assert.equal(answer.status, 409);
  assert.equal(answer.body.error.code, "conflict");
  assert.match(answer.body.error.message, /healthy-primary: ma-p is the healthy recognised primary/);
  assert.ok(guardsOf(answer).includes("healthy-primary"), guardsOf(answer).join(", "));
  const refused = (await audit()).find((e) => e.action === "action.promote" && e.target === "ma-r1" && e.outcome === "refused");
  assert.ok(refused, "the refusal is audited");
  assert.match(refused.detail ?? "", /try a switchover.*healthy-primary/);
  assert.ok(!commandsSeen.some((c) => c.kind === "promote"), "nothing was sent");
});

test("an operator's follow to a node of another replica group is refused, even forced", async () => {
  for (const force of [false, true]) {
    const answer = await request({ kind: "follow", target: "ma-r1", args: { target: "mb-p" }, reason: "re-point", force }, operator);
    assert.equal(answer.status, 409, `force: ${force}`);
    assert.match(answer.body.error.message, /same-group: mb-p is a member of mb, not of ma-r1's group ma/);
    assert.equal(answer.body.error.details?.violations[0]?.overridable, false);
  }
  const missing = await request({ kind: "follow", target: "ma-r1", reason: "no source" }, operator);
  assert.equal(missing.status, 400, "a follow names what to follow");
  assert.ok(!commandsSeen.some((c) => c.kind === "follow"), "nothing was sent");
});

test("an operator's forced promote waits for an admin's approval, then runs at the group's next epoch", async () => {
  const epochBefore = (await groups()).find((g) => g.id === "mb")?.epoch ?? 0;
  const answer = await request({ kind: "promote", target: "mb-r1", reason: "planned switchover, primary host retiring", force: true }, operator);
  assert.equal(answer.status, 202);
  assert.equal(answer.body.state, "planned");
  assert.ok(answer.body.overridden.includes("healthy-primary"), answer.body.overridden.join(", "));
  const id = answer.body.id;
  // The recovery loop has had its chances: the action still only waits.
  await afterRecoveryRounds(server, 3);
  assert.equal((await actionById(id))?.state, "planned");
  assert.ok(!commandsSeen.some((c) => c.id === id), "not executed before approval");
  const byOperator = await api<Refusal>(server, `/api/v1/actions/${id}/approve`, { method: "POST", body: "{}", token: operator });
  assert.equal(byOperator.status, 403, "an operator cannot approve an override");
  const byAdmin = await api(server, `/api/v1/actions/${id}/approve`, { method: "POST", body: "{}" });
  assert.equal(byAdmin.status, 200);
  const done = await waitFor("the approved promote ran", async () => {
    const row = await actionById(id);
    return row?.state === "succeeded" ? row : null;
  }, 20_000, 200);
  assert.ok(done.approvedBy);
  assert.equal(done.epoch, epochBefore + 1);
  assert.deepEqual(commandsSeen.filter((c) => c.id === id).map((c) => [c.nodeId, c.epoch]), [["mb-r1", epochBefore + 1]]);
  const entries = await audit();
  assert.ok(entries.some((e) => e.action === "action.promote" && e.target === "mb-r1" && e.outcome === "awaiting approval" && /retiring; forced over .*healthy-primary/.test(e.detail ?? "")));
  assert.ok(entries.some((e) => e.action === "action.approve" && e.target === id && /forced over .*healthy-primary/.test(e.detail ?? "")));
});

test("an admin's forced follow (a demotion of the healthy primary) runs at once and is audited with the reason and the guards", async () => {
  const answer = await request({ kind: "follow", target: "mc-p", args: { target: "mc-r1" }, reason: "hand the primary role over by hand", force: true });
  assert.equal(answer.status, 202);
  assert.equal(answer.body.state, "running");
  assert.ok(answer.body.overridden.includes("healthy-primary"));
  const row = await waitFor("the follow ran", async () => {
    const found = await actionById(answer.body.id);
    return found?.state === "succeeded" ? found : null;
  }, 20_000, 200);
  assert.deepEqual(row.args.overrides, answer.body.overridden);
  assert.ok(commandsSeen.some((c) => c.id === answer.body.id && c.nodeId === "mc-p"));
  const requested = (await audit()).find((e) => e.action === "action.follow" && e.target === "mc-p" && e.outcome === "requested");
  assert.ok(requested?.actor, "audited with its actor");
  assert.match(requested.detail ?? "", /hand the primary role over by hand; forced over .*healthy-primary/);
});

test("without force the same admin request is refused too: force, not the role, overrides", async () => {
  const answer = await request({ kind: "promote", target: "ma-r2", reason: "admin without force" });
  assert.equal(answer.status, 409);
  assert.match(answer.body.error.message, /healthy-primary/);
});

test("a valid promote (the primary is down) runs and carries the group's next fencing epoch", async () => {
  agents.get("ma-p")?.stop();
  for (const id of ["ma-r1", "ma-r2"]) reports.set(id, { ...(reports.get(id) as Replication), linkUp: false });
  const group = await waitFor("ma's primary is down", async () => {
    const found = (await groups()).find((g) => g.id === "ma");
    return found?.members.find((m) => m.nodeId === "ma-p")?.state === "down" ? found : null;
  }, 20_000, 200);
  const answer = await requestOutsideFreezes({ kind: "promote", target: "ma-r2", reason: "primary host lost" }, operator);
  assert.equal(answer.status, 202, JSON.stringify(answer.body));
  assert.equal(answer.body.state, "running");
  assert.deepEqual(answer.body.overridden, []);
  assert.equal(answer.body.epoch, group.epoch + 1, "the next epoch, as the planner's own promotions carry");
  await waitFor("the promote ran", async () => (await actionById(answer.body.id))?.state === "succeeded", 20_000, 200);
  assert.deepEqual(commandsSeen.filter((c) => c.id === answer.body.id).map((c) => [c.nodeId, c.epoch]), [["ma-r2", group.epoch + 1]]);
});
