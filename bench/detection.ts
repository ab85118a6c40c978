/**
 * Failure-detection benchmark against a real server and real agent processes:
 *  - SIGKILL of an agent → node `down` (the connection closes: disconnect confirmation path),
 *  - SIGSTOP of an agent → node `down` (connection stays open, heartbeats stop: phi-accrual path),
 *  - false positives: jittery but live raw agents must never leave `healthy`.
 *
 *   npm run bench:detection [-- --quick] [--trials N] [--agents-per-round N] [--fp-seconds S] [--pause-ms MS]
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import type { NodeEventView, NodeView } from "../lib/protocol/views";
import { startAgent, type AgentProcess } from "./support/agent-process";
import { positiveNumberOption } from "./support/bench-options";
import { formatMs, printTable } from "./support/format";
import { quantileOf } from "./support/latency-histogram";
import { connectRawAgent, type RawAgent } from "./support/raw-agent";
import { AGENT_TOKEN, api, sleep, startBuiltVigil, type VigilProcess } from "./support/vigil";

const { values: options } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    trials: { type: "string" },
    "agents-per-round": { type: "string" },
    "fp-seconds": { type: "string" },
    "fp-nodes": { type: "string" },
    "pause-ms": { type: "string" },
  },
  strict: true,
});
const quick = options.quick;
const plan = {
  trialsPerFault: Math.round(positiveNumberOption(options.trials, "trials", quick ? 5 : 20)),
  agentsPerRound: Math.round(positiveNumberOption(options["agents-per-round"], "agents-per-round", 5)),
  /** Healthy time before the fault, so the phi window holds real intervals, not just its priors. */
  warmMs: quick ? 4_000 : 6_000,
  intervalMs: 1_000,
  pollMs: 50,
  detectTimeoutMs: 30_000,
  fpSeconds: positiveNumberOption(options["fp-seconds"], "fp-seconds", quick ? 20 : 60),
  fpNodes: Math.round(positiveNumberOption(options["fp-nodes"], "fp-nodes", 10)),
  jitterMs: 300,
  pauseMs: positiveNumberOption(options["pause-ms"], "pause-ms", 1_500),
  /** One gap in this many is a pause instead of a jittered interval. */
  pauseOneIn: 10,
};

type Fault = "SIGKILL" | "SIGSTOP";
type Trial = { fault: Fault; nodeId: string };
type TrialResult = Trial & {
  /** Fault → a poll saw `down` (what an API user experiences). */
  observedMs: number | null;
  /** Fault → the server's own verdict time (stateSince of the down state). */
  verdictMs: number | null;
  reason: string;
};

type NodeResponse = { node: NodeView; events: NodeEventView[] };

async function fetchNode(server: VigilProcess, nodeId: string): Promise<NodeResponse | null> {
  const response = await api<NodeResponse>(server, `/api/v1/nodes/${encodeURIComponent(nodeId)}`);
  return response.status === 200 ? response.body : null;
}

async function waitForState(server: VigilProcess, nodeId: string, state: NodeView["state"], timeoutMs: number): Promise<{ node: NodeView; at: number } | null> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const pollStarted = Date.now();
    const body = await fetchNode(server, nodeId).catch(() => null);
    if (body?.node.state === state) return { node: body.node, at: Date.now() };
    await sleep(Math.max(0, plan.pollMs - (Date.now() - pollStarted)));
  }
  return null;
}

async function runRound(server: VigilProcess, trials: Trial[], spoolRoot: string): Promise<TrialResult[]> {
  const agents: AgentProcess[] = [];
  try {
    for (const trial of trials) {
      agents.push(startAgent({ serverUrl: server.url, token: AGENT_TOKEN, nodeId: trial.nodeId, spoolDir: join(spoolRoot, trial.nodeId), intervalMs: plan.intervalMs }));
      await sleep(200);
    }
    const healthy = await Promise.all(trials.map((trial) => waitForState(server, trial.nodeId, "healthy", 60_000)));
    await sleep(plan.warmMs);
    return await Promise.all(
      trials.map(async (trial, index): Promise<TrialResult> => {
        if (!healthy[index]) return { ...trial, observedMs: null, verdictMs: null, reason: `never healthy: ${agents[index].output().slice(-300)}` };
        // Stagger the faults so the pollers do not all fire together.
        await sleep(index * 150);
        agents[index].process.kill(trial.fault);
        const faultAt = Date.now();
        const down = await waitForState(server, trial.nodeId, "down", plan.detectTimeoutMs);
        if (!down) return { ...trial, observedMs: null, verdictMs: null, reason: "not down in time" };
        return { ...trial, observedMs: down.at - faultAt, verdictMs: down.node.stateSince - faultAt, reason: down.node.stateReason ?? "" };
      }),
    );
  } finally {
    await Promise.all(agents.map((agent) => agent.kill()));
  }
}

type FalsePositiveResult = { nodes: number; connected: number; flapped: { nodeId: string; events: string[] }[]; heartbeats: number; errorAcks: number };

/** Live agents with jittery timing and occasional pauses: none should ever leave `healthy`. */
async function runFalsePositives(server: VigilProcess): Promise<FalsePositiveResult> {
  const agents: RawAgent[] = [];
  let heartbeats = 0;
  let errorAcks = 0;
  try {
    for (let i = 1; i <= plan.fpNodes; i++) agents.push(await connectRawAgent(server.url, AGENT_TOKEN, `fp-${i}`, i));
    const endAt = Date.now() + plan.fpSeconds * 1000;
    await Promise.all(
      agents.map(async (agent) => {
        while (Date.now() < endAt) {
          const ack = await agent.sendHeartbeat().catch(() => null);
          heartbeats++;
          if (!ack?.ok) errorAcks++;
          const pause = Math.random() < 1 / plan.pauseOneIn;
          const gap = pause ? plan.pauseMs : plan.intervalMs + (Math.random() * 2 - 1) * plan.jitterMs;
          await sleep(Math.min(gap, Math.max(0, endAt - Date.now())));
        }
      }),
    );
    await sleep(500); // let the last verdicts and event writes land
    const flapped: FalsePositiveResult["flapped"] = [];
    for (const agent of agents) {
      const events = await api<{ items: NodeEventView[] }>(server, `/api/v1/nodes/${agent.nodeId}/events?limit=1000`);
      const bad = events.body.items.filter((event) => event.from === "healthy" && event.at <= endAt);
      if (bad.length) flapped.push({ nodeId: agent.nodeId, events: bad.map((e) => `${e.from}→${e.to} (${e.reason})`) });
    }
    return { nodes: plan.fpNodes, connected: agents.length, flapped, heartbeats, errorAcks };
  } finally {
    for (const agent of agents) agent.close();
  }
}

function summarize(results: TrialResult[], fault: Fault): [string, string][] {
  const ofFault = results.filter((result) => result.fault === fault);
  const observed = ofFault.flatMap((result) => (result.observedMs === null ? [] : [result.observedMs]));
  const verdict = ofFault.flatMap((result) => (result.verdictMs === null ? [] : [result.verdictMs]));
  const failed = ofFault.filter((result) => result.observedMs === null);
  const line = (values: number[]) =>
    `median ${formatMs(quantileOf(values, 0.5))}, p99 ${formatMs(quantileOf(values, 0.99))}, max ${formatMs(Math.max(...values))}`;
  const rows: [string, string][] = [
    [`${fault} → down, observed by polling every ${plan.pollMs} ms (${observed.length} trials)`, observed.length ? line(observed) : "n/a"],
    [`${fault} → down, server verdict time (stateSince)`, verdict.length ? line(verdict) : "n/a"],
    [`${fault} down reasons (example)`, ofFault.find((result) => result.observedMs !== null)?.reason ?? "n/a"],
  ];
  if (failed.length) rows.push([`${fault} trials without a down verdict`, failed.map((f) => `${f.nodeId}: ${f.reason}`).join("; ")]);
  return rows;
}

async function main(): Promise<void> {
  const started = performance.now();
  const server = await startBuiltVigil();
  const spoolRoot = mkdtempSync(join(tmpdir(), "vigil-bench-spool-"));
  try {
    const trials: Trial[] = [];
    for (let i = 0; i < plan.trialsPerFault; i++) {
      trials.push({ fault: "SIGKILL", nodeId: `det-kill-${i + 1}` }, { fault: "SIGSTOP", nodeId: `det-stop-${i + 1}` });
    }
    const rounds = Math.ceil(trials.length / plan.agentsPerRound);
    console.log(
      `Vigil detection bench${quick ? " (--quick)" : ""}: server defaults (heartbeat interval 1000 ms, suspect phi 3, down phi 8, ` +
        `disconnect confirmation 3000 ms); real agents (agent/cli.ts --interval ${plan.intervalMs}).`,
    );
    console.log(
      `${plan.trialsPerFault} SIGKILL + ${plan.trialsPerFault} SIGSTOP trials in ${rounds} rounds of ${plan.agentsPerRound} agents, ` +
        `each agent healthy for ${plan.warmMs / 1000} s before its fault. False-positive run (${plan.fpNodes} raw agents, ${plan.fpSeconds} s) ` +
        `runs at the same time.`,
    );

    const falsePositives = runFalsePositives(server);
    const results: TrialResult[] = [];
    for (let round = 0; round < rounds; round++) {
      const roundTrials = trials.slice(round * plan.agentsPerRound, (round + 1) * plan.agentsPerRound);
      results.push(...(await runRound(server, roundTrials, spoolRoot)));
      const done = results.filter((result) => result.observedMs !== null).length;
      console.log(`  round ${round + 1}/${rounds}: ${done} of ${results.length} trials detected so far`);
    }
    const fp = await falsePositives;

    printTable("Detection time (fault → node down)", [...summarize(results, "SIGKILL"), ...summarize(results, "SIGSTOP")]);
    printTable(
      `False positives: ${fp.connected} live raw agents for ${plan.fpSeconds} s, gaps ${plan.intervalMs} ± ${plan.jitterMs} ms uniform, ` +
        `1 gap in ${plan.pauseOneIn} a ${plan.pauseMs} ms pause`,
      [
        ["false positives", `${fp.flapped.length} of ${fp.nodes} nodes`],
        ["heartbeats sent / error acks", `${fp.heartbeats} / ${fp.errorAcks}`],
        ...fp.flapped.map((each): [string, string] => [`  ${each.nodeId}`, each.events.join("; ")]),
      ],
    );
    console.log(`\ntotal ${((performance.now() - started) / 1000).toFixed(0)} s`);
  } finally {
    await server.stop();
    server.cleanup();
    rmSync(spoolRoot, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
