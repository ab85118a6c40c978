import assert from "node:assert/strict";
import { appendFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, test } from "node:test";
import { startAgent, stopAgent, type AgentProcess } from "./support/agent-process";
import { readStored } from "./support/stored-rows";
import { startVigil, waitFor, type VigilProcess } from "./support/vigil-server";

const NODES = ["crash-1", "crash-2", "crash-3"];
const serverEnv = { VIGIL_HEARTBEAT_INTERVAL_MS: "200" };
let server: VigilProcess;
const agents: AgentProcess[] = [];

after(async () => {
  for (const agent of agents) await stopAgent(agent, "SIGKILL");
  await server?.stop();
  server?.cleanup();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test("SIGKILL and restart of the server while agents keep sending: every heartbeat and log seq is stored exactly once", async () => {
  server = await startVigil({ env: serverEnv });
  const written = new Map<string, number>(NODES.map((id) => [id, 0]));
  const logFile = (nodeId: string) => join(server.dataDir, `${nodeId}.log`);
  for (const nodeId of NODES) {
    writeFileSync(logFile(nodeId), "");
    agents.push(startAgent(server.url, nodeId, server.dataDir, ["--log-file", logFile(nodeId)]));
  }
  let writer: NodeJS.Timeout | undefined;
  try {
    await waitFor("agents sending", async () => {
      const [row] = await readStored<{ n: number }>(server.databaseUrl, `SELECT COUNT(DISTINCT "nodeId") AS n FROM "Heartbeat"`);
      return row.n === NODES.length;
    }, 20_000);
    // Lines are written only once the agents run: a tailer starts at the end of the file.
    writer = setInterval(() => {
      for (const nodeId of NODES) {
        const n = (written.get(nodeId) ?? 0) + 1;
        written.set(nodeId, n);
        appendFileSync(logFile(nodeId), `INFO ${nodeId} line ${n}\n`);
      }
    }, 40);
    await sleep(500);

    for (let crash = 0; crash < 2; crash++) {
      await sleep(1500);
      await server.kill();
      await sleep(1500); // agents keep producing into their spools meanwhile
      server = await server.restart();
    }
    await sleep(1500);
  } finally {
    clearInterval(writer);
  }

  // Let the agents catch up on everything they spooled, then stop them gracefully.
  const query = <Row extends Record<string, unknown>>(sql: string, params: unknown[] = []) => readStored<Row>(server.databaseUrl, sql, params);
  const stored = async (nodeId: string) => (await query<{ n: number }>(`SELECT COUNT(*) AS n FROM "LogEntry" WHERE "nodeId" = ?`, [nodeId]))[0].n;
  await waitFor("all log lines stored", async () => {
    for (const nodeId of NODES) if ((await stored(nodeId)) < (written.get(nodeId) ?? 0)) return false;
    return true;
  }, 30_000, 250).catch(async (error) => {
    const details: string[] = [];
    for (const id of NODES) {
      const messages = new Set((await query<{ message: string }>(`SELECT "message" FROM "LogEntry" WHERE "nodeId" = ?`, [id])).map((r) => r.message));
      const missing = Array.from({ length: written.get(id) ?? 0 }, (_, i) => i + 1).filter((n) => !messages.has(`INFO ${id} line ${n}`));
      const [{ s: maxSeq }] = await query<{ s: number }>(`SELECT MAX("seq") AS s FROM "LogEntry" WHERE "nodeId" = ?`, [id]);
      details.push(`${id}: stored ${await stored(id)} of ${written.get(id)} (max seq ${maxSeq}), missing lines ${missing.slice(0, 8).join(",")}…${missing.slice(-3).join(",")}`);
    }
    const detail = details.join("; ");
    const outputs = agents.map((a) => `--- ${a.nodeId}\n${a.output().slice(-1500)}`).join("\n");
    throw new Error(`${(error as Error).message}: ${detail}\n${outputs}\n--- server\n${server.output().slice(-1500)}`);
  });
  for (const agent of agents) await stopAgent(agent);

  for (const nodeId of NODES) {
    const beats = await query<{ seq: number; ts: number }>(`SELECT "seq", "ts" FROM "Heartbeat" WHERE "nodeId" = ? ORDER BY "seq"`, [nodeId]);
    const seqs = beats.map((b) => Number(b.seq));
    assert.ok(seqs.length > 20, `${nodeId}: ${seqs.length} heartbeats`);
    assert.deepEqual(seqs, Array.from({ length: seqs.length }, (_, i) => i + 1), `${nodeId}: heartbeat seqs are 1..N without gaps`);
    assert.equal(new Set(beats.map((b) => Number(b.ts))).size, beats.length, `${nodeId}: no heartbeat stored twice under another seq`);

    const logs = await query<{ seq: number; message: string }>(`SELECT "seq", "message" FROM "LogEntry" WHERE "nodeId" = ? ORDER BY "seq"`, [nodeId]);
    const expected = written.get(nodeId) ?? 0;
    assert.deepEqual(logs.map((l) => Number(l.seq)), Array.from({ length: logs.length }, (_, i) => i + 1), `${nodeId}: log seqs 1..N`);
    assert.deepEqual(
      logs.map((l) => l.message),
      Array.from({ length: expected }, (_, i) => `INFO ${nodeId} line ${i + 1}`),
      `${nodeId}: every written line stored once, in order`,
    );
  }
});
