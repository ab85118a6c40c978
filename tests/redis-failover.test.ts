import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { Redis } from "ioredis";
import { startAgent, stopAgent, type AgentProcess } from "./support/agent-process";
import { startRedis, type RedisProcess } from "./support/redis-process";
import { api, startVigil, waitFor, type VigilProcess } from "./support/vigil-server";
import { startWebhookReceiver, type ReceivedWebhook } from "./support/webhook-receiver";

type Group = { id: string; primaryId: string | null; epoch: number; members: { nodeId: string; reportedRole: string | null }[] };

let server: VigilProcess;
const redis = new Map<string, RedisProcess>();
const agents = new Map<string, AgentProcess>();
const NODES = ["kv-a", "kv-b", "kv-c"];
/** Vigil's recognised primary over time. */
const recognised: (string | null)[] = [];
/**
 * A primary accepts writes only with a replica attached (Redis' own min-replicas-to-write): a
 * restarted old primary, alone until Vigil re-points it, refuses writes instead of diverging.
 */
const SAFE_REDIS = ["--min-replicas-to-write", "1", "--min-replicas-max-lag", "10"];
let watcher: NodeJS.Timeout | undefined;
/**
 * The recovery-aware escalation policy pages on the primary's NodeDown, which fires when Vigil
 * judges it down, the moment it decides to fail over; step 2 is due 1 s later, while the
 * promotion is still being verified.
 */
let firstStep: Awaited<ReturnType<typeof startWebhookReceiver>>;
let secondStep: Awaited<ReturnType<typeof startWebhookReceiver>>;
const STEP_2_DELAY_MS = 1_000;
type PageBody = { status: string; page?: { id: string; action: string; recovery: { kind: string; state: string; timeline: { step: string; at: string | number }[] } | null } };
/** Servers replaced during the run: their data directories hold the agents' state until the end. */
const retired: VigilProcess[] = [];

/**
 * As docs/agent.md shows: no `--peer` list. Each agent reports its data store's address; Vigil
 * gives every agent its group's membership and names the address in each follow.
 */
function agentArgs(nodeId: string, role: string): string[] {
  return ["--redis", `127.0.0.1:${redis.get(nodeId)?.port}`, "--group", "kv", "--role", role, "--zone", `zone-${nodeId.slice(-1)}`];
}

/**
 * A client that reconnects: a follow of a former primary disconnects its clients (so applications
 * find the new primary), and the test keeps watching the node after that.
 */
const watchers: Redis[] = [];
function watch(nodeId: string): Redis {
  const client = new Redis({ port: redis.get(nodeId)?.port, host: "127.0.0.1", maxRetriesPerRequest: 1, retryStrategy: () => 100 });
  client.on("error", () => undefined);
  watchers.push(client);
  return client;
}

async function replicationInfo(client: Redis | undefined): Promise<string> {
  return (await client?.info("replication").catch(() => "")) ?? "";
}

/** Every key written before the failover, present and intact. */
async function missingKeys(client: Redis | undefined): Promise<string[]> {
  const keys = Array.from({ length: 200 }, (_, i) => `key:${i}`);
  const values = (await client?.mget(...keys).catch(() => null)) ?? [];
  return keys.filter((key, i) => values[i] !== String(i));
}

async function group(): Promise<Group | undefined> {
  const { body } = await api<{ items: Group[] }>(server, "/api/v1/replica-groups");
  return body.items.find((g) => g.id === "kv");
}

before(async () => {
  server = await startVigil({ env: { VIGIL_STARTUP_GRACE_MS: "1000" } });
  [firstStep, secondStep] = await Promise.all([startWebhookReceiver(), startWebhookReceiver()]);
  const receiverIds: string[] = [];
  for (const [name, receiver] of [["first-step", firstStep], ["second-step", secondStep]] as const) {
    const created = await api<{ id: string }>(server, "/api/v1/receivers", { method: "POST", body: JSON.stringify({ name, url: receiver.url, format: "vigil" }) });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    receiverIds.push(created.body.id);
  }
  const policy = await api(server, "/api/v1/escalation-policies", {
    method: "POST",
    body: JSON.stringify({
      name: "kv on-call",
      routing: { matchers: [{ name: "alertname", value: "NodeDown", isRegex: false, isEqual: true }], groupBy: ["group"], groupWaitMs: 0 },
      steps: [
        { delayMs: 0, targets: [{ kind: "receiver", id: receiverIds[0] }] },
        { delayMs: STEP_2_DELAY_MS, targets: [{ kind: "receiver", id: receiverIds[1] }] },
      ],
    }),
  });
  assert.equal(policy.status, 201, JSON.stringify(policy.body));
  const primary = await startRedis({ extraArgs: SAFE_REDIS });
  redis.set("kv-a", primary);
  redis.set("kv-b", await startRedis({ replicaOf: primary.port, extraArgs: SAFE_REDIS }));
  redis.set("kv-c", await startRedis({ replicaOf: primary.port, extraArgs: SAFE_REDIS }));
  for (const [i, nodeId] of NODES.entries()) agents.set(nodeId, startAgent(server.url, nodeId, server.dataDir, agentArgs(nodeId, i === 0 ? "primary" : "replica")));
  // kv-c gets more of the primary's data than kv-b: pause kv-b's replication briefly while writing.
  const writer = primary.client();
  await waitFor("group healthy with kv-a primary", async () => {
    const g = await group();
    return g?.primaryId === "kv-a" && g.members.length === 3 && (g as unknown as { healthyCount: number }).healthyCount === 3;
  }, 30_000, 250).catch((error) => {
    throw new Error(`${(error as Error).message}\n--- kv-a\n${agents.get("kv-a")?.output().slice(-2000)}`);
  });
  // min-replicas-to-write: the primary takes writes once its replicas have synced.
  await waitFor("replicas synced", async () => ((await writer.info("replication")).match(/state=online/g) ?? []).length === 2, 30_000, 100);
  for (let i = 0; i < 200; i++) await writer.set(`key:${i}`, String(i));
  // Vigil only promotes a replica it has seen linked to the primary: wait until it has.
  await waitFor("Vigil sees both replicas linked", async () => {
    const g = await group();
    return g?.members.filter((m) => m.nodeId !== "kv-a" && (m as unknown as { linkUp: boolean | null }).linkUp === true).length === 2;
  }, 30_000, 250);
  watcher = setInterval(async () => {
    const g = await group().catch(() => undefined);
    if (g) recognised.push(g.primaryId);
  }, 250);
});

after(async () => {
  if (watcher) clearInterval(watcher);
  for (const client of watchers) client.disconnect();
  for (const agent of agents.values()) await stopAgent(agent, "SIGKILL");
  for (const r of redis.values()) await r.kill();
  await server.stop();
  server.cleanup();
  for (const old of retired) old.cleanup();
  await firstStep?.close();
  await secondStep?.close();
});

test("SIGKILL of the primary host: Vigil promotes a replica, re-points the other, writes succeed on the new primary", async () => {
  const started = Date.now();
  await stopAgent(agents.get("kv-a") as AgentProcess, "SIGKILL");
  await redis.get("kv-a")?.kill();
  const promoted = await waitFor("a new primary", async () => {
    const g = await group();
    return g && g.primaryId && g.primaryId !== "kv-a" ? g : null;
  }, 60_000, 250).catch(async (error) => {
    const status = await api(server, "/api/v1/recovery/status");
    const actions = await api(server, "/api/v1/actions");
    throw new Error(`${(error as Error).message}\n${JSON.stringify(await group())}\n${JSON.stringify(status.body).slice(0, 3000)}\n${JSON.stringify(actions.body).slice(0, 2000)}\n${server.output().slice(-2000)}\n--- kv-a\n${agents.get("kv-a")?.output().slice(-2000)}\n--- kv-b\n${agents.get("kv-b")?.output().slice(-1500)}`);
  });
  const newPrimary = promoted.primaryId as string;
  const other = newPrimary === "kv-b" ? "kv-c" : "kv-b";
  const client = redis.get(newPrimary)?.client();
  assert.ok(client);
  await waitFor("writes accepted on the new primary", async () => (await client.set("after-failover", "yes").catch(() => null)) === "OK", 20_000, 250);
  assert.equal(await client.get("key:199"), "199", "data written before the failover is there");
  const otherInfo = redis.get(other)?.client();
  await waitFor(`${other} replicates from ${newPrimary}`, async () => {
    const info = (await otherInfo?.info("replication")) ?? "";
    return info.includes(`master_port:${redis.get(newPrimary)?.port}`) && info.includes("master_link_status:up");
  }, 30_000, 250);
  console.log(`ℹ failover to ${newPrimary} took ${((Date.now() - started) / 1000).toFixed(1)} s from SIGKILL`);
});

test("the crash's page says the failover is under way, does not escalate while it runs, and resolves with its timeline", async () => {
  const pageOf = (r: ReceivedWebhook) => (r.json as PageBody | null)?.page ?? null;
  const forGroup = () => firstStep.received.filter((r) => pageOf(r) !== null && /"group":"kv"/.test(r.body));
  const resolved = await waitFor("the page resolved by the failover", async () => forGroup().find((r) => pageOf(r)?.action === "resolve") ?? null, 30_000, 200).catch((error) => {
    throw new Error(`${(error as Error).message}\n${firstStep.received.map((r) => r.body.slice(0, 600)).join("\n")}`);
  });
  const page = pageOf(resolved);
  assert.ok(forGroup().some((r) => pageOf(r)?.action === "trigger" && pageOf(r)?.recovery?.state === "running"), "a page said Vigil was failing over");
  assert.equal(page?.recovery?.state, "succeeded");
  assert.deepEqual(page?.recovery?.timeline.map((t) => t.step), ["detection", "confirmation", "promotion", "first write"]);
  const stored = await api<{ items: { id: string; status: string; resolution: string | null }[] }>(server, "/api/v1/pages");
  assert.match(stored.body.items.find((p) => p.id === page?.id)?.resolution ?? "", /recovered/);
  // Step 2 was due 1 s after step 1; the hold kept it back, and the resolution ended it.
  await new Promise((resolve) => setTimeout(resolve, STEP_2_DELAY_MS + 1_000));
  assert.deepEqual(secondStep.received.filter((r) => pageOf(r)?.id === page?.id), [], "no escalation while the failover ran");
});

test("the old primary returns EMPTY: it is fenced as a replica of the new primary, nothing re-syncs from it, no key is lost", async () => {
  const newPrimary = (await group())?.primaryId as string;
  const other = NODES.find((id) => id !== "kv-a" && id !== newPrimary) as string;
  const failedOverAt = recognised.lastIndexOf("kv-a");
  const primaryClient = watch(newPrimary);
  const otherClient = watch(other);
  assert.deepEqual(await missingKeys(primaryClient), [], `${newPrimary} holds every key before kv-a returns`);
  await waitFor(`${other} holds every key before kv-a returns`, async () => (await missingKeys(otherClient)).length === 0, 20_000, 250);
  // A fresh data directory and persistence off: the old primary comes back with nothing, as a
  // master (no replicaof), on the address the others knew it by.
  redis.set("kv-a", await (redis.get("kv-a") as RedisProcess).restart());
  const old = watch("kv-a");
  assert.equal(await old.dbsize(), 0, "kv-a returned empty");
  assert.match(await replicationInfo(old), /role:master/, "kv-a returned as a master");
  const oldPort = redis.get("kv-a")?.port;
  const writesAccepted: string[] = [];
  /** Any sighting of a member replicating from the returned old primary, or of the new primary stepping down. */
  const resyncs: string[] = [];
  const prober = setInterval(() => {
    old.set("split-brain-probe", String(Date.now())).then((ok) => writesAccepted.push(ok), () => undefined);
    void replicationInfo(otherClient).then((text) => {
      if (text.includes(`master_port:${oldPort}`)) resyncs.push(`${other} replicates from kv-a`);
    });
    void replicationInfo(primaryClient).then((text) => {
      if (text.includes("role:slave")) resyncs.push(`${newPrimary} became a replica (of ${/master_port:(\d+)/.exec(text)?.[1]})`);
    });
  }, 100);
  try {
    agents.set("kv-a", startAgent(server.url, "kv-a", server.dataDir, agentArgs("kv-a", "primary")));
    await waitFor("kv-a follows the new primary and holds its data", async () => {
      const text = await replicationInfo(old);
      return text.includes("role:slave") && text.includes(`master_port:${redis.get(newPrimary)?.port}`) && text.includes("master_link_status:up") && (await missingKeys(old)).length === 0;
    }, 60_000, 250).catch(async (error) => {
      const actions = await api(server, "/api/v1/actions");
      throw new Error(`${(error as Error).message}\n${await replicationInfo(old)}\n${JSON.stringify(actions.body).slice(0, 3000)}\n--- kv-a\n${agents.get("kv-a")?.output().slice(-2000)}`);
    });
  } finally {
    clearInterval(prober);
  }
  assert.deepEqual(resyncs, [], "no member re-synced from the returned, empty old primary");
  assert.deepEqual(writesAccepted, [], "the returning old primary accepted no write");
  assert.deepEqual(await missingKeys(primaryClient), [], `${newPrimary} kept every key`);
  assert.deepEqual(await missingKeys(otherClient), [], `${other} kept every key`);
  assert.equal(await primaryClient?.get("after-failover"), "yes");
  assert.match(await replicationInfo(otherClient), new RegExp(`master_port:${redis.get(newPrimary)?.port}`), `${other} still follows ${newPrimary}`);
  const afterFailover = recognised.slice(failedOverAt + 1).filter((id) => id !== newPrimary);
  assert.deepEqual(afterFailover, [], `Vigil kept ${newPrimary} as the primary`);
  const actions = await api<{ items: { kind: string; target: string; state: string; epoch: number }[] }>(server, "/api/v1/actions");
  assert.ok(
    actions.body.items.some((a) => a.kind === "follow" && a.target === "kv-a" && a.state === "succeeded"),
    "the old primary was told to follow, fenced by the new epoch",
  );
});

test("a new Vigil database, with agents remembering the old installation's commands and epochs: a killed primary is really failed over", async () => {
  const before = await group();
  const current = before?.primaryId as string;
  const oldEpoch = before?.epoch as number;
  // A reinstall: same address, same enrollment token, an empty database. The agents keep their
  // fencing epochs and command memory; their credentials are unknown there, so they enrol again.
  const previous = server;
  retired.push(previous);
  await previous.stop();
  server = await startVigil({ env: { VIGIL_STARTUP_GRACE_MS: "1000" }, port: previous.port });
  await waitFor("the group back under the new database, at the agents' epoch", async () => {
    const g = await group();
    const healthy = g?.members.every((m) => (m as unknown as { state: string }).state === "healthy");
    return g?.primaryId === current && g.members.length === 3 && healthy && g.epoch >= oldEpoch && g.members.filter((m) => m.nodeId !== current && (m as unknown as { linkUp: boolean | null }).linkUp === true).length === 2;
  }, 60_000, 250).catch(async (error) => {
    const outputs = NODES.map((id) => `--- ${id}\n${agents.get(id)?.output().slice(-1500)}`).join("\n");
    const g = await group();
    const members = g?.members.map((m) => JSON.stringify({ id: m.nodeId, role: m.reportedRole, link: (m as unknown as { linkUp: boolean | null }).linkUp, state: (m as unknown as { state: string }).state }));
    const nodes = await api<{ items: { id: string; group: string | null; state: string; connected: boolean }[] }>(server, "/api/v1/nodes");
    const listed = nodes.body.items.map((n) => `${n.id}:${n.group}:${n.state}:${n.connected}`).join(" ");
    throw new Error(`${(error as Error).message} [${listed}] (epoch was ${oldEpoch}; now ${g?.epoch}, primary ${g?.primaryId})\n${members?.join("\n")}\n${outputs}`);
  });
  for (const nodeId of NODES) assert.match(agents.get(nodeId)?.output() ?? "", /enrolling again/, `${nodeId} re-enrolled by itself`);

  await stopAgent(agents.get(current) as AgentProcess, "SIGKILL");
  await redis.get(current)?.kill();
  const promoted = await waitFor("a new primary under the new database", async () => {
    const g = await group();
    return g && g.primaryId && g.primaryId !== current ? g : null;
  }, 60_000, 250).catch(async (error) => {
    const actions = await api(server, "/api/v1/actions");
    throw new Error(`${(error as Error).message}\n${JSON.stringify(await group())}\n${JSON.stringify(actions.body).slice(0, 3000)}`);
  });
  assert.ok(promoted.epoch > oldEpoch, `the new database issued epoch ${promoted.epoch} above the agents' ${oldEpoch}`);
  const client = redis.get(promoted.primaryId as string)?.client();
  await waitFor("writes accepted on the promoted replica", async () => (await client?.set("after-reinstall", "yes").catch(() => null)) === "OK", 30_000, 250);
  const info = (await client?.info("replication")) ?? "";
  assert.match(info, /role:master/, "the promote really ran on the node, not answered from the agent's memory");
  const actions = await api<{ items: { kind: string; target: string; state: string }[] }>(server, "/api/v1/actions");
  assert.equal(actions.body.items.find((a) => a.kind === "promote" && a.target === promoted.primaryId)?.state, "succeeded");
  // The remaining replica really follows the new primary: its follow was not answered from the
  // old installation's memory of a follow with the same id.
  const remaining = NODES.find((id) => id !== current && id !== promoted.primaryId) as string;
  const remainingInfo = redis.get(remaining)?.client();
  await waitFor(`${remaining} replicates from ${promoted.primaryId}`, async () => {
    const text = (await remainingInfo?.info("replication")) ?? "";
    return text.includes(`master_port:${redis.get(promoted.primaryId as string)?.port}`) && text.includes("master_link_status:up");
  }, 30_000, 250);
});
