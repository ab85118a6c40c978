import { spawn, type ChildProcess } from "node:child_process";
import { resolve } from "node:path";
import { REPO_ROOT } from "./child";

export type AgentProcess = {
  nodeId: string;
  pid: number;
  process: ChildProcess;
  output: () => string;
  /** SIGKILL (also ends a SIGSTOPped agent) and wait for the exit. */
  kill: () => Promise<void>;
};

/**
 * The real agent, `agent/cli.ts`, run as `node --import tsx` rather than through npx: with npx
 * the pid would be npm's and a SIGKILL or SIGSTOP would miss the agent itself.
 */
export function startAgent(options: { serverUrl: string; token: string; nodeId: string; spoolDir: string; intervalMs: number }): AgentProcess {
  const args = [
    "--import", "tsx", resolve(REPO_ROOT, "agent/cli.ts"),
    "--server", options.serverUrl,
    "--token", options.token,
    "--node-id", options.nodeId,
    "--interval", String(options.intervalMs),
    "--spool-dir", options.spoolDir,
  ];
  const child = spawn(process.execPath, args, { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "pipe"] });
  if (child.pid === undefined) throw new Error(`could not start agent ${options.nodeId}`);
  let output = "";
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-10_000));
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  return {
    nodeId: options.nodeId,
    pid: child.pid,
    process: child,
    output: () => output,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await exited;
    },
  };
}
