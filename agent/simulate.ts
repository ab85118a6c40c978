import { Command, InvalidArgumentError } from "commander";
import { availableParallelism } from "node:os";
import { createConsoleLogger } from "./logger";
import { startControlServer, type ControlServer } from "./simulator/control-server";
import { startLocalFleet, statusLine, type FleetConfig, type FleetControl } from "./simulator/fleet-control";
import { defaultProcessCount, fleetSlices, maxProcessCount, NODES_PER_PROCESS, SINGLE_PROCESS_MAX_NODES } from "./simulator/fleet-slice";
import { DEFAULT_LOG_RATE } from "./simulator/log-rhythm";
import { startProcessFleet } from "./simulator/process-fleet";
import { startRandomChaos, type RandomChaos } from "./simulator/random-chaos";
import type { ScheduleTotals } from "./simulator/schedule-monitor";
import { createRandom } from "./simulator/seeded-random";

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
  processes?: number;
  logRate: number;
  connectRate: number;
};

const STATUS_EVERY_MS = 30_000;
const CORES = availableParallelism();

const integer = (min: number) => (value: string) => {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < min) throw new InvalidArgumentError(`expected an integer ≥ ${min}`);
  return parsed;
};

const nonNegative = (value: string) => {
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < 0) throw new InvalidArgumentError("expected a number ≥ 0");
  return parsed;
};

const program = new Command()
  .name("vigil-simulate")
  .description("Runs a simulated fleet of Vigil agents (one socket per node, the real agent protocol), in one process or several")
  .option("--server <url>", "Vigil server URL", process.env.VIGIL_SERVER ?? "http://localhost:3000")
  .option("--token <token>", "agent enrollment token (env VIGIL_AGENT_TOKEN)", process.env.VIGIL_AGENT_TOKEN)
  .option("--nodes <n>", "number of nodes", integer(1), 50)
  .option(
    "--processes <n>",
    `processes to spread the nodes over (default: 1 up to ${SINGLE_PROCESS_MAX_NODES} nodes, else one per ${NODES_PER_PROCESS} nodes, ` +
      `at least 2 and at most ${maxProcessCount(CORES)} = twice this machine's ${CORES} cores)`,
    integer(1),
  )
  .option("--zones <n>", "number of zones (zone-a, zone-b, ...)", integer(1), 3)
  .option("--interval <ms>", "heartbeat interval", integer(50), 1000)
  .option("--log-rate <lines>", "log lines per node per second, fleet average (bursts included)", nonNegative, DEFAULT_LOG_RATE)
  .option("--connect-rate <n>", "nodes powered on per second at start (0: all at once)", nonNegative, 1000)
  .option("--seed <n>", "random seed (same seed, same fleet)", integer(0), 42)
  .option("--chaos", "inject random chaos about every 30 s")
  .option("--chaos-every <ms>", "mean time between random chaos rounds", integer(1000), 30_000)
  .option("--control-port <port>", "serve POST /chaos, GET /nodes and GET /stats on 127.0.0.1:<port>", integer(0))
  .option("--prefix <prefix>", "node id prefix", "sim");

async function main(): Promise<void> {
  program.parse();
  const options = program.opts<SimulateOptions>();
  const logger = createConsoleLogger("[simulate]");
  if (!options.token) {
    console.error("vigil-simulate: --token (or VIGIL_AGENT_TOKEN) is required");
    process.exit(2);
  }
  const processes = fleetSlices(options.nodes, options.processes ?? defaultProcessCount(options.nodes, CORES)).length;
  const config: FleetConfig = {
    serverUrl: options.server,
    token: options.token,
    nodes: options.nodes,
    zones: options.zones,
    intervalMs: options.interval,
    seed: options.seed,
    prefix: options.prefix,
    logRate: options.logRate,
    startRampMs: options.connectRate > 0 ? (1000 * options.nodes) / options.connectRate : 0,
    processes,
    cores: CORES,
  };

  let fleet: FleetControl | undefined;
  let control: ControlServer | undefined;
  let chaos: RandomChaos | undefined;
  let stopping = false;
  const previous = new Map<number, ScheduleTotals>();
  const status = setInterval(() => {
    fleet?.status().then(
      (fleetStatus) => logger.info(statusLine(fleetStatus, previous)),
      (error: unknown) => logger.warn(`no status: ${error instanceof Error ? error.message : String(error)}`),
    );
  }, STATUS_EVERY_MS);

  async function shutdown(code: number): Promise<void> {
    if (stopping) return;
    stopping = true;
    clearInterval(status);
    chaos?.stop();
    await control?.close();
    await fleet?.stop();
    process.exit(code);
  }
  process.once("SIGINT", () => void shutdown(0));
  process.once("SIGTERM", () => void shutdown(0));

  if (processes === 1) {
    const local = startLocalFleet(config, fleetSlices(options.nodes, 1)[0], logger, () => void shutdown(2));
    fleet = local;
    await local.start();
  } else {
    fleet = await startProcessFleet({
      config,
      processes,
      logger,
      onChildExit: ({ index, code, signal, fatal }) => {
        logger.error(`simulator process ${index + 1} ended (${fatal ?? `exit ${code ?? signal}`}); stopping the others`);
        void shutdown(fatal ? 2 : 1);
      },
    }).catch((error: unknown) => {
      logger.error(error instanceof Error ? error.message : String(error));
      process.exit(1);
    });
  }
  const running = fleet;
  logger.info(
    `simulating ${options.nodes} nodes in ${options.zones} zones against ${options.server} (seed ${options.seed}, ` +
      `${processes === 1 ? "one process" : `${processes} processes`}, ${options.logRate} log lines/node/s)`,
  );

  if (options.controlPort !== undefined) {
    control = await startControlServer(running, options.controlPort);
    logger.info(`chaos control on http://127.0.0.1:${control.port} (POST /chaos, GET /nodes, GET /stats)`);
  }
  if (options.chaos) chaos = startRandomChaos(running, createRandom(options.seed + 1), logger, options.chaosEvery);
  const connectTimeoutMs = 60_000 + config.startRampMs;
  running
    .waitUntilConnected(connectTimeoutMs)
    .then(() => logger.info(`all ${options.nodes} nodes connected`))
    .catch((error: unknown) => logger.warn(error instanceof Error ? error.message : String(error)));
}

void main();
