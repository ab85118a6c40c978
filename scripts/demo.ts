/**
 * `npm run demo`: builds Vigil if needed, starts it on its embedded SQLite default and a
 * simulated fleet of 50 nodes in 3 zones (with occasional chaos), and prints how to log in.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";

const port = process.env.PORT ?? "3000";
const nodes = process.env.VIGIL_DEMO_NODES ?? "50";
const adminEmail = process.env.VIGIL_ADMIN_EMAIL ?? "admin@vigil.local";
const adminPassword = process.env.VIGIL_ADMIN_PASSWORD ?? "vigil-demo";
const agentToken = process.env.VIGIL_AGENT_TOKEN ?? `vat_demo_${randomBytes(12).toString("hex")}`;
const env = { ...process.env, PORT: port, VIGIL_ADMIN_EMAIL: adminEmail, VIGIL_ADMIN_PASSWORD: adminPassword, VIGIL_AGENT_TOKEN: agentToken, NODE_ENV: "production" as const };

if (!existsSync(`${process.env.VIGIL_NEXT_DIST_DIR || ".next"}/BUILD_ID`) || process.env.VIGIL_DEMO_REBUILD === "1") {
  console.log("Building Vigil (first run only)…");
  const build = spawnSync("npm", ["run", "build"], { stdio: "inherit", env });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const children: ChildProcess[] = [];
const server = spawn("npx", ["tsx", "server.ts"], { stdio: "inherit", env });
children.push(server);
server.on("exit", (code) => {
  console.log(`server exited (${code}); stopping the demo`);
  stopAll(code ?? 1);
});

await waitForServer(`http://127.0.0.1:${port}/api/v1/auth/setup`);
const simulator = spawn(
  "npx",
  ["tsx", "agent/simulate.ts", "--server", `http://127.0.0.1:${port}`, "--token", agentToken, "--nodes", nodes, "--zones", "3", "--chaos", "--control-port", process.env.VIGIL_DEMO_CONTROL_PORT ?? "4100"],
  { stdio: "inherit", env },
);
children.push(simulator);

console.log(`
  Vigil demo is running: http://localhost:${port}
  Log in as ${adminEmail} / ${adminPassword}
  ${nodes} simulated nodes in 3 zones; random chaos every ~30 s.
  Chaos by hand: curl -XPOST localhost:${process.env.VIGIL_DEMO_CONTROL_PORT ?? "4100"}/chaos -d '{"action":"kill","nodes":["sim-a-001"]}'
  Ctrl-C stops everything.
`);

process.on("SIGINT", () => stopAll(0));
process.on("SIGTERM", () => stopAll(0));

function stopAll(code: number): void {
  for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
  setTimeout(() => process.exit(code), 3000).unref();
}

async function waitForServer(url: string): Promise<void> {
  for (let attempt = 0; attempt < 120; attempt++) {
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`Vigil did not start at ${url}`);
}
