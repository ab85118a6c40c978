import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "./vigil-server";

const SHIPPED_CONFIG = fileURLToPath(new URL("../../deploy/nginx/vigil.conf", import.meta.url));
const NGINX = process.env.VIGIL_TEST_NGINX ?? "/usr/sbin/nginx";

export type NginxProcess = { url: string; port: number; stop: () => Promise<void> };

/**
 * Tests proxy a few dozen sockets; a fleet benchmark proxies thousands, two descriptors each
 * (agent side and upstream side), which takes more workers, connections and open files.
 */
export type NginxCapacity = { workerProcesses?: number; workerConnections?: number };

/**
 * Debian's nginx on a loopback port in front of `upstreamPorts`, running the config we ship
 * (deploy/nginx/vigil.conf) with only its listen port and upstream servers replaced.
 */
export async function startNginx(upstreamPorts: number[], capacity: NginxCapacity = {}): Promise<NginxProcess> {
  const workerProcesses = capacity.workerProcesses ?? 1;
  const workerConnections = capacity.workerConnections ?? 4096;
  if (!existsSync(NGINX)) throw new Error(`no nginx at ${NGINX}: install Debian's nginx (.ci/run does) or set VIGIL_TEST_NGINX`);
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "vigil-nginx-"));
  for (const temp of ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"]) mkdirSync(join(dir, temp));
  const shipped = readFileSync(SHIPPED_CONFIG, "utf8");
  const upstreams = upstreamPorts.map((p) => `    server 127.0.0.1:${p} max_fails=1 fail_timeout=5s;`).join("\n");
  const site = shipped
    .replace(/^ {4}server 127\.0\.0\.1:\d+ .*\n/gm, "")
    .replace(/upstream vigil \{\n/, `upstream vigil {\n${upstreams}\n`)
    .replace(/listen 8080;/, `listen 127.0.0.1:${port};`);
  if (!site.includes(`127.0.0.1:${upstreamPorts[0]}`) || !site.includes(`listen 127.0.0.1:${port}`)) {
    throw new Error("deploy/nginx/vigil.conf no longer has the upstream or listen lines the test substitutes");
  }
  writeFileSync(join(dir, "vigil.conf"), site);
  writeFileSync(
    join(dir, "nginx.conf"),
    `worker_processes ${workerProcesses};
${capacity.workerConnections ? `worker_rlimit_nofile ${workerConnections + 64};` : ""}
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections ${workerConnections}; }
http {
  access_log off;
  client_body_temp_path ${dir}/client_body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  include ${dir}/vigil.conf;
}
`,
  );
  const child: ChildProcess = spawn(NGINX, ["-p", dir, "-c", join(dir, "nginx.conf")], { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nginx exited: ${output}`);
    const up = await fetch(`http://127.0.0.1:${port}/`, { redirect: "manual" }).then(() => true, () => false);
    if (up) break;
    if (Date.now() > deadline) throw new Error(`nginx did not start: ${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    async stop() {
      if (child.exitCode === null) child.kill("SIGQUIT");
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
