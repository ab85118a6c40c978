import { createServer } from "node:http";
import next from "next";
import { Server } from "socket.io";
import { announceSetupCode } from "./lib/auth/first-run";
import { bootstrapAdmin } from "./lib/auth/users";
import { configFromEnvironment, describeProblems, maskUrlCredentials, setConfig } from "./lib/config";
import { stampClientAddress, trustedProxies } from "./lib/http/client-address";
import { applySecurityHeaders, secureSocketResponses } from "./lib/http/web-edge";
import { LIMITS } from "./lib/protocol/agent";
import { startRuntime } from "./lib/runtime";
import { applyMigrations } from "./lib/store/migrate";
import { getDb } from "./lib/store/prisma";

// Before anything else happens (no migration, no listen): a refused value stops the start here.
const parsed = configFromEnvironment();
for (const { name, meant } of parsed.misspelled) console.warn(`${name} is not a Vigil setting and is ignored: did you mean ${meant}?`);
if (!parsed.ok) {
  console.error(describeProblems(parsed.problems));
  process.exit(1);
}
const config = parsed.config;
setConfig(config);

await applyMigrations(config.databaseUrl);
const db = await getDb();
await bootstrapAdmin(db, config.bootstrap.adminEmail, config.bootstrap.adminPassword);
await announceSetupCode(db);

const app = next({ dev: !config.production, hostname: "localhost", port: config.port });
await app.prepare();
const handle = app.getRequestHandler();

let metricsText: () => Promise<{ type: string; body: string }> = async () => ({ type: "text/plain", body: "" });
const proxies = trustedProxies(config.trustedProxies);
const httpServer = createServer((req, res) => {
  stampClientAddress(req, proxies);
  applySecurityHeaders(req, res, config.production);
  if (req.url === "/metrics" && req.method === "GET") {
    metricsText().then(({ type, body }) => res.writeHead(200, { "content-type": type }).end(body));
    return;
  }
  void handle(req, res);
});

const io = new Server(httpServer, { maxHttpBufferSize: LIMITS.maxPacketBytes, serveClient: false });
secureSocketResponses(io, config.production);
const runtime = await startRuntime(config, db, io);
metricsText = async () => ({ type: runtime.metrics.registry.contentType, body: await runtime.metrics.registry.metrics() });

httpServer.listen(config.port, config.host, () => {
  console.log(`Vigil listening on http://localhost:${config.port} (database ${maskUrlCredentials(config.databaseUrl.split("?")[0])})`);
});

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: flushing and stopping`);
  const force = setTimeout(() => process.exit(1), 10_000);
  force.unref();
  await runtime.stop();
  io.close();
  httpServer.close();
  await db.$disconnect();
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
