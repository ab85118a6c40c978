import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { AGENT_TOKEN } from "./vigil-server";

export type AgentProcess = { nodeId: string; process: ChildProcess; output: () => string; exited: Promise<number | null> };

/** A real agent process (`npm run agent`) with its own on-disk spool. */
export function startAgent(serverUrl: string, nodeId: string, dataDir: string, extraArgs: string[] = []): AgentProcess {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "agent/cli.ts", "--server", serverUrl, "--node-id", nodeId, "--spool-dir", join(dataDir, "spool", nodeId), ...extraArgs],
    // The token from the environment, as an operator should pass it: argv is visible to every user of the host.
    { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, VIGIL_AGENT_TOKEN: AGENT_TOKEN } },
  );
  let output = "";
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { nodeId, process: child, output: () => output, exited };
}

export async function stopAgent(agent: AgentProcess, signal: NodeJS.Signals = "SIGTERM"): Promise<void> {
  if (agent.process.exitCode !== null || agent.process.signalCode !== null) return;
  agent.process.kill(signal);
  await agent.exited;
}
