import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { io, type Socket } from "socket.io-client";
import type { Ack } from "../lib/protocol";
import { AgentClient } from "../agent/client";
import { createMemorySpool } from "../agent/spool";
import { readStored } from "./support/stored-rows";
import { AGENT_TOKEN, api, startVigil, waitFor, type VigilProcess } from "./support/vigil-server";

/*
 * Floods are bounded (issue #12), through a real server: byte budgets per node and per
 * enrollment token, a token's maximum of live connections, and a cap on what waits to be
 * written. Whoever is refused is told how long to wait, and nothing acknowledged is lost.
 */

type Refusal = Error & { data?: { code: string; message: string } };
type ErrorAck = { ok: false; error: { code: string; message: string; retryAfterMs?: number } };

const metrics = { cpu: 0.2, mem: 0.3, disk: 0.4, netIn: 1, netOut: 1, load1: 0.1 };
const sockets: Socket[] = [];

function open(server: VigilProcess, auth: Record<string, unknown>): Socket {
  const socket = io(`${server.url}/agent`, { transports: ["websocket"], auth, reconnection: false, forceNew: true });
  sockets.push(socket);
  return socket;
}

function attempt(server: VigilProcess, auth: Record<string, unknown>): Promise<{ socket: Socket } | { refusal: Refusal }> {
  const socket = open(server, auth);
  return new Promise((resolve) => {
    socket.once("connect", () => resolve({ socket }));
    socket.once("connect_error", (error: Refusal) => resolve({ refusal: error }));
  });
}

async function connected(server: VigilProcess, auth: Record<string, unknown>): Promise<Socket> {
  const outcome = await attempt(server, auth);
  if ("refusal" in outcome) throw new Error(`refused: ${outcome.refusal.message}`);
  return outcome.socket;
}

function emit<T>(socket: Socket, event: string, payload: unknown): Promise<Ack<T>> {
  return socket.timeout(10_000).emitWithAck(event, payload) as Promise<Ack<T>>;
}

/** Connects and says hello; the hello ack's credential, if one was issued. */
async function agentSocket(server: VigilProcess, nodeId: string, auth: Record<string, unknown>): Promise<{ socket: Socket; credential?: string }> {
  const socket = await connected(server, { nodeId, ...auth });
  const ack = await emit<{ credential?: string }>(socket, "hello", { hostname: nodeId, agentVersion: "test" });
  assert.ok(ack.ok, `hello of ${nodeId}: ${JSON.stringify(ack)}`);
  return { socket, credential: ack.data.credential };
}

async function createToken(server: VigilProcess, body: Record<string, unknown>): Promise<{ token: string; item: Record<string, unknown> }> {
  const created = await api<{ token: string; item: Record<string, unknown> }>(server, "/api/v1/agent-tokens", { method: "POST", body: JSON.stringify(body) });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  return created.body;
}

function refusedFor(ack: Ack<unknown>, code: string): ErrorAck {
  assert.equal(ack.ok, false, `expected ${code}, got ${JSON.stringify(ack)}`);
  const refused = ack as ErrorAck;
  assert.equal(refused.error.code, code, JSON.stringify(refused));
  assert.ok(Number.isInteger(refused.error.retryAfterMs) && (refused.error.retryAfterMs ?? 0) > 0, `retryAfterMs in ${JSON.stringify(refused)}`);
  return refused;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function storedCount(server: VigilProcess, table: "Heartbeat" | "LogEntry", nodeId: string): Promise<number> {
  const rows = await readStored<{ n: number }>(server.databaseUrl, `SELECT COUNT(*) AS n FROM "${table}" WHERE "nodeId" = ?`, [nodeId]);
  return rows[0]?.n ?? 0;
}

/** `count` log entries of about `chars` characters each, numbered from `firstSeq`. */
function logBatch(firstSeq: number, count: number, chars: number) {
  return { entries: Array.from({ length: count }, (_, i) => ({ seq: firstSeq + i, ts: Date.now(), level: "info", message: `line ${firstSeq + i} ${"x".repeat(chars)}` })) };
}

after(() => {
  for (const socket of sockets) socket.disconnect();
});

describe("byte budgets and connection limits", () => {
  let server: VigilProcess;
  before(async () => {
    server = await startVigil({
      env: {
        VIGIL_AGENT_BYTES_PER_SEC: "20000",
        VIGIL_AGENT_BYTE_BURST: "40000",
        VIGIL_TOKEN_BYTES_PER_SEC: "30000",
        VIGIL_TOKEN_BYTE_BURST: "60000",
      },
    });
  });
  after(async () => {
    await server.stop();
    server.cleanup();
  });

  test("a node sending too many bytes is told to wait, and its resends are stored; another agent's heartbeats keep being stored", async () => {
    const { token } = await createToken(server, { name: "flooder" });
    const { socket: flooder } = await agentSocket(server, "flood-1", { token, protocol: 1 });
    const { socket: steady } = await agentSocket(server, "steady-1", { token: AGENT_TOKEN, protocol: 1 });

    // The steady agent beats every 100 ms throughout, each acknowledged.
    let seq = 0;
    const steadyAcks: Ack<unknown>[] = [];
    const beating = setInterval(() => {
      seq++;
      void emit(steady, "heartbeat", { seq, ts: Date.now(), metrics }).then((ack) => steadyAcks.push(ack));
    }, 100);

    try {
      // 20 batches of ~10 KB at once: 200 KB against a burst of 40 KB and 20 KB/s.
      const batches = Array.from({ length: 20 }, (_, i) => logBatch(i * 10 + 1, 10, 1000));
      const answers = await Promise.all(batches.map((batch) => emit(flooder, "logs", batch)));
      const refused = answers.filter((ack) => !ack.ok);
      assert.ok(answers.filter((ack) => ack.ok).length >= 3, "the burst passes");
      assert.ok(refused.length >= 10, `most of the flood is refused (${refused.length} of 20)`);
      for (const ack of refused) refusedFor(ack, "rate_limited");

      // Resending each refused batch after the delay it was given gets everything stored.
      let pending = batches.filter((_, i) => !answers[i].ok);
      let wait = Math.max(...refused.map((ack) => (ack as ErrorAck).error.retryAfterMs ?? 0));
      while (pending.length > 0) {
        await sleep(wait);
        const batch = pending[0];
        const ack = await emit(flooder, "logs", batch);
        if (ack.ok) pending = pending.slice(1);
        else wait = refusedFor(ack, "rate_limited").error.retryAfterMs ?? 0;
      }
      assert.equal(await storedCount(server, "LogEntry", "flood-1"), 200);
    } finally {
      clearInterval(beating);
    }
    await waitFor("the last steady heartbeats' acks", async () => steadyAcks.length >= seq);
    assert.ok(seq >= 40, `the steady agent kept beating (${seq})`);
    assert.ok(steadyAcks.every((ack) => ack.ok), `every steady heartbeat acknowledged: ${JSON.stringify(steadyAcks.find((ack) => !ack.ok))}`);
    assert.equal(await storedCount(server, "Heartbeat", "steady-1"), seq);
  });

  test("all agents of one token share its byte budget, also those connecting with a credential the token bought", async () => {
    const { token } = await createToken(server, { name: "shared" });
    const enrolled = await agentSocket(server, "shared-a", { token, protocol: 2 });
    assert.ok(enrolled.credential);
    enrolled.socket.disconnect();
    const { socket: a } = await agentSocket(server, "shared-a", { credential: enrolled.credential, protocol: 2 });
    const { socket: b } = await agentSocket(server, "shared-b", { token, protocol: 1 });
    // Each within its own burst of 40 KB; together 70 KB, past the token's 60 KB.
    assert.ok((await emit(a, "logs", logBatch(1, 35, 1000))).ok);
    assert.ok((await emit(b, "logs", logBatch(1, 35, 1000))).ok, "admitted: the budget was not in debt yet");
    const refused = refusedFor(await emit(b, "heartbeat", { seq: 1, ts: Date.now(), metrics }), "rate_limited");
    refusedFor(await emit(a, "heartbeat", { seq: 1, ts: Date.now(), metrics }), "rate_limited");
    await sleep(refused.error.retryAfterMs ?? 0);
    assert.ok((await emit(b, "heartbeat", { seq: 1, ts: Date.now(), metrics })).ok, "after the delay it passes");
  });

  test("a token with maxConnections 2 refuses a third live connection with too_many_connections, and accepts it once one closes", async () => {
    const { token, item } = await createToken(server, { name: "two", maxConnections: 2 });
    assert.equal(item.maxConnections, 2);
    const listed = await api<{ items: { id: string; maxConnections: number | null }[] }>(server, "/api/v1/agent-tokens");
    assert.equal(listed.body.items.find((row) => row.id === item.id)?.maxConnections, 2);
    const invalid = await api(server, "/api/v1/agent-tokens", { method: "POST", body: JSON.stringify({ name: "zero", maxConnections: 0 }) });
    assert.equal(invalid.status, 400);

    const first = await connected(server, { token, nodeId: "cap-1", protocol: 2 });
    await connected(server, { token, nodeId: "cap-2", protocol: 2 });
    const third = await attempt(server, { token, nodeId: "cap-3", protocol: 2 });
    assert.ok("refusal" in third, "the third connection is refused");
    assert.equal(third.refusal.data?.code, "too_many_connections");
    assert.match(third.refusal.data?.message ?? "", /2 live connections/);
    assert.ok((await connected(server, { token: AGENT_TOKEN, nodeId: "cap-other", protocol: 2 })).connected, "another token is not affected");

    first.disconnect();
    const again = await waitFor("a place to free up", async () => {
      const outcome = await attempt(server, { token, nodeId: "cap-3", protocol: 2 });
      return "socket" in outcome ? outcome.socket : null;
    });
    assert.ok(again.connected);

    // A connection whose hello enrolled its node speaks with the node's credential from then on:
    // at its next event it gives its place back, while it stays connected.
    assert.equal(await attempt(server, { token, nodeId: "cap-4", protocol: 2 }).then((outcome) => "refusal" in outcome && outcome.refusal.data?.code), "too_many_connections");
    const hello = await emit<{ credential?: string }>(again, "hello", { hostname: "cap-3", agentVersion: "test" });
    assert.ok(hello.ok && hello.data.credential);
    assert.ok((await emit(again, "heartbeat", { seq: 1, ts: Date.now(), metrics })).ok);
    assert.ok((await connected(server, { token, nodeId: "cap-4", protocol: 2 })).connected);
    assert.ok(again.connected);
  });
});

describe("the write backlog cap", () => {
  let server: VigilProcess;
  before(async () => {
    // About four heartbeats may wait, for up to 200 ms each.
    server = await startVigil({ env: { VIGIL_INGEST_MAX_BACKLOG_BYTES: "2048", VIGIL_INGEST_FLUSH_MS: "200" } });
  });
  after(async () => {
    await server.stop();
    server.cleanup();
  });

  test("past the cap events are refused with unavailable and a retry delay; resent after it, all are stored, and nothing acknowledged is lost", async () => {
    const { socket } = await agentSocket(server, "backlog-raw", { token: AGENT_TOKEN, protocol: 1 });
    const heartbeats = Array.from({ length: 40 }, (_, i) => ({ seq: i + 1, ts: Date.now(), metrics }));
    const answers = await Promise.all(heartbeats.map((heartbeat) => emit(socket, "heartbeat", heartbeat)));
    const acked = new Set(heartbeats.filter((_, i) => answers[i].ok).map((heartbeat) => heartbeat.seq));
    assert.ok(acked.size >= 1 && acked.size < 40, `some pass, the rest are refused (${acked.size} acknowledged)`);
    const refused = answers.filter((ack) => !ack.ok).map((ack) => refusedFor(ack, "unavailable"));
    assert.ok(refused.every((ack) => (ack.error.retryAfterMs ?? 0) >= 250));
    assert.equal(socket.connected, true, "a full backlog is no strike against the agent");

    const stored = async () => readStored<{ seq: number }>(server.databaseUrl, `SELECT "seq" FROM "Heartbeat" WHERE "nodeId" = ?`, ["backlog-raw"]);
    const storedNow = new Set((await stored()).map((row) => row.seq));
    for (const seq of acked) assert.ok(storedNow.has(seq), `acknowledged seq ${seq} is stored`);

    let pending = heartbeats.filter((heartbeat) => !acked.has(heartbeat.seq));
    let wait = refused[0].error.retryAfterMs ?? 0;
    while (pending.length > 0) {
      await sleep(wait);
      const answered = await Promise.all(pending.map((heartbeat) => emit(socket, "heartbeat", heartbeat)));
      const retry = answered.filter((ack) => !ack.ok).map((ack) => refusedFor(ack, "unavailable"));
      pending = pending.filter((_, i) => !answered[i].ok);
      wait = retry[0]?.error.retryAfterMs ?? 0;
    }
    const seqs = (await stored()).map((row) => row.seq).sort((x, y) => x - y);
    assert.deepEqual(seqs, heartbeats.map((heartbeat) => heartbeat.seq), "every heartbeat stored once");
  });

  test("the agent honours the delay: it keeps refused items in its spool and delivers all of them", async () => {
    const before = await rejectedUnavailable(server);
    const spool = createMemorySpool();
    const client = new AgentClient({ serverUrl: server.url, token: AGENT_TOKEN, nodeId: "backlog-agent", hello: { hostname: "backlog-agent", agentVersion: "test" }, spool });
    client.start();
    try {
      await waitFor("the agent to connect", async () => client.connected);
      for (let i = 0; i < 150; i++) client.pushHeartbeat(metrics);
      client.pushLogs(Array.from({ length: 300 }, (_, i) => ({ ts: Date.now(), level: "info" as const, message: `entry ${i} ${"y".repeat(200)}` })));
      await waitFor("the spool to drain", async () => spool.heartbeats.size() === 0 && spool.logs.size() === 0, 60_000);
      const stats = client.stats();
      assert.equal(stats.heartbeats.dropped + stats.logs.dropped, 0, "nothing dropped");
      assert.equal(await storedCount(server, "Heartbeat", "backlog-agent"), 150);
      assert.equal(await storedCount(server, "LogEntry", "backlog-agent"), 300);
      assert.ok((await rejectedUnavailable(server)) > before, "and it was refused on the way");
    } finally {
      await client.stop(1000);
    }
  });
});

async function rejectedUnavailable(server: VigilProcess): Promise<number> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  const line = text.split("\n").find((l) => l.startsWith("vigil_agent_events_rejected_total{") && l.includes('reason="unavailable"'));
  return line ? Number(line.slice(line.lastIndexOf(" ") + 1)) : 0;
}
