import { Command, InvalidArgumentError } from "commander";
import { createConsoleLogger } from "./logger";
import { startControlServer, type ControlServer } from "./simulator/control-server";
import { startRandomChaos, type RandomChaos } from "./simulator/random-chaos";
import { createRandom } from "./simulator/seeded-random";
import { createSimulator } from "./simulator/simulator";

type SimulateOptions = {
  server: string;
  token?: string;
  nodes: number;
  zones: number;
  interval: number;
  seed: number;
  chaos?: boolean;
  chaosEvery: number;
  controlPort?: number;
  prefix: string;
};

const integer = (min: number) => (value: string) => {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < min) throw new InvalidArgumentError(`expected an integer ≥ ${min}`);
  return parsed;
};

const program = new Command()
  .name("vigil-simulate")
  .description("Runs a simulated fleet of Vigil agents in one process, speaking the real agent protocol")
  .option("--server <url>", "Vigil server URL", process.env.VIGIL_SERVER ?? "http://localhost:3000")
  .option("--token <token>", "agent enrollment token (env VIGIL_AGENT_TOKEN)", process.env.VIGIL_AGENT_TOKEN)
  .option("--nodes <n>", "number of nodes", integer(1), 50)
  .option("--zones <n>", "number of zones (zone-a, zone-b, ...)", integer(1), 3)
  .option("--interval <ms>", "heartbeat interval", integer(50), 1000)
  .option("--seed <n>", "random seed (same seed, same fleet)", integer(0), 42)
  .option("--chaos", "inject random chaos about every 30 s")
  .option("--chaos-every <ms>", "mean time between random chaos rounds", integer(1000), 30_000)
  .option("--control-port <port>", "serve POST /chaos and GET /nodes on 127.0.0.1:<port>", integer(0))
  .option("--prefix <prefix>", "node id prefix", "sim");

async function main(): Promise<void> {
  program.parse();
  const options = program.opts<SimulateOptions>();
  const logger = createConsoleLogger("[simulate]");
  if (!options.token) {
    console.error("vigil-simulate: --token (or VIGIL_AGENT_TOKEN) is required");
    process.exit(2);
  }
  const simulator = createSimulator({
    serverUrl: options.server,
    token: options.token,
    nodes: options.nodes,
    zones: options.zones,
    intervalMs: options.interval,
    seed: options.seed,
    prefix: options.prefix,
    logger,
    onFatal: () => void shutdown(2),
  });

  let control: ControlServer | undefined;
  let chaos: RandomChaos | undefined;
  let stopping = false;
  const status = setInterval(() => {
    const stats = simulator.stats();
    logger.info(
      `${stats.connected}/${stats.nodes} connected; heartbeats acked ${stats.heartbeats.acked}, queued ${stats.heartbeats.queued}; ` +
        `logs acked ${stats.logs.acked}`,
    );
  }, 30_000);

  async function shutdown(code: number): Promise<void> {
    if (stopping) return;
    stopping = true;
    clearInterval(status);
    chaos?.stop();
    await control?.close();
    await simulator.stop();
    process.exit(code);
  }
  process.once("SIGINT", () => void shutdown(0));
  process.once("SIGTERM", () => void shutdown(0));

  await simulator.start();
  logger.info(`simulating ${options.nodes} nodes in ${options.zones} zones against ${options.server} (seed ${options.seed})`);
  if (options.controlPort !== undefined) {
    control = await startControlServer(simulator, options.controlPort);
    logger.info(`chaos control on http://127.0.0.1:${control.port} (POST /chaos, GET /nodes)`);
  }
  if (options.chaos) chaos = startRandomChaos(simulator, createRandom(options.seed + 1), logger, options.chaosEvery);
  simulator
    .waitUntilConnected(60_000)
    .then(() => logger.info(`all ${options.nodes} nodes connected`))
    .catch((error: unknown) => logger.warn(error instanceof Error ? error.message : String(error)));
}

void main();
