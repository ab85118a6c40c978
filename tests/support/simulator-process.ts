import { spawn, type ChildProcess } from "node:child_process";
import { AGENT_TOKEN, freePort } from "./vigil-server";

export type SimulatorProcess = {
  controlUrl: string;
  process: ChildProcess;
  output: () => string;
  chaos: (request: Record<string, unknown>) => Promise<void>;
  nodeIds: () => Promise<string[]>;
  stop: () => Promise<void>;
};

/** More simulate flags (e.g. `--processes 2`), and how long its control port may take to answer. */
export type SimulatorStartOptions = { args?: string[]; startTimeoutMs?: number };

/**
 * `npm run simulate` as a real process, with its chaos control port on loopback. Over 1,000
 * nodes it forks children of its own (agent/simulator/fleet-slice.ts); `process` is the parent.
 */
export async function startSimulator(serverUrl: string, nodes: number, options: SimulatorStartOptions = {}): Promise<SimulatorProcess> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      "agent/simulate.ts",
      "--server",
      serverUrl,
      "--token",
      AGENT_TOKEN,
      "--nodes",
      String(nodes),
      "--zones",
      "3",
      "--control-port",
      String(port),
      ...(options.args ?? []),
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const controlUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (options.startTimeoutMs ?? 60_000);
  for (;;) {
    try {
      if ((await fetch(`${controlUrl}/nodes`)).ok) break;
    } catch {
      // control server not up yet
    }
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`simulator did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    controlUrl,
    process: child,
    output: () => output,
    async chaos(request) {
      const response = await fetch(`${controlUrl}/chaos`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(request) });
      if (!response.ok) throw new Error(`chaos refused: ${response.status} ${await response.text()}`);
    },
    async nodeIds() {
      const body = (await (await fetch(`${controlUrl}/nodes`)).json()) as { nodes?: { nodeId?: string; id?: string }[] } | { nodeId?: string; id?: string }[];
      const list = Array.isArray(body) ? body : (body.nodes ?? []);
      return list.map((n) => n.nodeId ?? n.id ?? "").filter(Boolean);
    },
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}
