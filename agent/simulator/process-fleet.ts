import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import type { AgentLogger } from "../logger";
import { chaosRequestSchema, type ChaosResult } from "./chaos-request";
import { routeChaos } from "./chaos-routing";
import {
  chaosResultSchema,
  nodeViewSchema,
  processStatusSchema,
  sumFleetStats,
  type FleetConfig,
  type FleetControl,
  type ProcessStatus,
} from "./fleet-control";
import { childMessageSchema, type ChildRequest, type ParentMessage } from "./fleet-ipc";
import { buildFleetLayout } from "./fleet-layout";
import { fleetSlices, type FleetSlice } from "./fleet-slice";
import { createRandom } from "./seeded-random";
import { ChaosTargetError } from "./simulator";

const CHILD_ENTRY = fileURLToPath(new URL("./fleet-child.ts", import.meta.url));
const START_TIMEOUT_MS = 60_000;
const REQUEST_TIMEOUT_MS = 30_000;
const STOP_GRACE_MS = 10_000;

type Pending = { resolve: (data: unknown) => void; reject: (error: Error) => void; timer: NodeJS.Timeout };

type Child = {
  slice: FleetSlice;
  process: ChildProcess;
  pending: Map<number, Pending>;
  ready: Promise<void>;
  exited: Promise<void>;
};

export type ProcessFleetOptions = {
  config: FleetConfig;
  processes: number;
  logger: AgentLogger;
  /** A child ended on its own (crashed, or the server refused the protocol): the fleet is incomplete. */
  onChildExit: (detail: { index: number; code: number | null; signal: string | null; fatal: string | undefined }) => void;
};

/**
 * The fleet spread over child processes, one slice of whole replica groups each (fleet-slice.ts),
 * every child building the same layout from the same seed. Chaos is routed to the children that
 * hold its targets; node lists and statistics are gathered from all of them.
 */
export async function startProcessFleet({ config, processes, logger, onChildExit }: ProcessFleetOptions): Promise<FleetControl> {
  const slices = fleetSlices(config.nodes, processes);
  // Only ids and zones are read here; the layout is cheap next to the sockets (10,000 specs: a few ms).
  const layout = buildFleetLayout({ nodes: config.nodes, zones: Math.max(1, Math.min(26, config.zones)), prefix: config.prefix, random: createRandom(config.seed) });
  let stopping = false;
  let nextId = 1;

  const children: Child[] = slices.map((slice) => {
    // The children run TypeScript like the parent does (its --import/--require of tsx), minus the
    // test runner's flags when a test drives the parent.
    const execArgv = process.execArgv.filter((arg) => !arg.startsWith("--test"));
    const child = fork(CHILD_ENTRY, [], { execArgv, stdio: ["ignore", "inherit", "inherit", "ipc"] });
    const pending = new Map<number, Pending>();
    let fatal: string | undefined;
    let markReady: () => void = () => undefined;
    let failReady: (error: Error) => void = () => undefined;
    const ready = new Promise<void>((resolve, reject) => {
      markReady = resolve;
      failReady = reject;
    });
    child.on("message", (raw) => {
      const parsed = childMessageSchema.safeParse(raw);
      if (!parsed.success) {
        logger.warn(`ignored a malformed message from simulator process ${slice.index + 1}`);
        return;
      }
      const message = parsed.data;
      if (message.type === "ready") return markReady();
      if (message.type === "fatal") {
        fatal = message.message;
        return;
      }
      const waiting = pending.get(message.id);
      if (!waiting) return;
      pending.delete(message.id);
      clearTimeout(waiting.timer);
      if (message.type === "reply") waiting.resolve(message.data);
      else if (message.error.code === "bad_request") waiting.reject(new ChaosTargetError(message.error.message));
      else waiting.reject(new Error(`simulator process ${slice.index + 1}: ${message.error.message}`));
    });
    const exited = new Promise<void>((resolve) =>
      child.once("exit", (code, signal) => {
        const gone = new Error(`simulator process ${slice.index + 1} exited (${code ?? signal})`);
        failReady(gone);
        for (const waiting of pending.values()) {
          clearTimeout(waiting.timer);
          waiting.reject(gone);
        }
        pending.clear();
        if (!stopping) onChildExit({ index: slice.index, code, signal, fatal });
        resolve();
      }),
    );
    const start: ParentMessage = { type: "start", config, slice };
    child.send(start);
    return { slice, process: child, pending, ready, exited };
  });

  const ask = <Schema extends z.ZodType>(child: Child, request: ChildRequest, schema: Schema, timeoutMs = REQUEST_TIMEOUT_MS): Promise<z.infer<Schema>> =>
    new Promise((resolve, reject) => {
      if (!child.process.connected) {
        reject(new Error(`simulator process ${child.slice.index + 1} is not running`));
        return;
      }
      const id = nextId++;
      const timer = setTimeout(() => {
        child.pending.delete(id);
        reject(new Error(`simulator process ${child.slice.index + 1} did not answer "${request.kind}" within ${timeoutMs} ms`));
      }, timeoutMs);
      child.pending.set(id, {
        resolve: (data) => {
          const parsed = schema.safeParse(data);
          if (parsed.success) resolve(parsed.data);
          else reject(new Error(`simulator process ${child.slice.index + 1} answered "${request.kind}" with something unexpected`));
        },
        reject,
        timer,
      });
      const message: ParentMessage = { type: "request", id, request };
      child.process.send(message);
    });

  const stopChildren = async () => {
    stopping = true;
    for (const child of children) {
      if (!child.process.connected) continue;
      const stop: ParentMessage = { type: "stop" };
      child.process.send(stop);
    }
    const killer = setTimeout(() => {
      for (const child of children) if (child.process.exitCode === null && child.process.signalCode === null) child.process.kill("SIGKILL");
    }, STOP_GRACE_MS);
    await Promise.all(children.map((child) => child.exited));
    clearTimeout(killer);
  };

  try {
    await withTimeout(Promise.all(children.map((child) => child.ready)), START_TIMEOUT_MS, "simulator processes did not start");
  } catch (error) {
    await stopChildren();
    throw error;
  }
  logger.info(`${children.length} simulator processes: ${children.map((child) => `${child.slice.end - child.slice.start} nodes (pid ${child.process.pid})`).join(", ")}`);

  const statuses = (): Promise<ProcessStatus[]> => Promise.all(children.map((child) => ask(child, { kind: "status" }, processStatusSchema)));
  return {
    async chaos(input): Promise<ChaosResult> {
      const request = chaosRequestSchema.parse(input);
      const legs = routeChaos(request, layout, slices, config.zones);
      const results = await Promise.all(legs.map((leg) => ask(children[leg.slice], { kind: "chaos", chaos: leg.request }, chaosResultSchema)));
      return { action: request.action, affected: results.flatMap((result) => result.affected) };
    },
    async nodes() {
      const lists = await Promise.all(children.map((child) => ask(child, { kind: "nodes" }, nodeViewSchema.array())));
      return lists.flat();
    },
    async stats() {
      return sumFleetStats((await statuses()).map((each) => each.stats));
    },
    async status() {
      const processStatuses = await statuses();
      return { stats: sumFleetStats(processStatuses.map((each) => each.stats)), intervalMs: config.intervalMs, processes: processStatuses };
    },
    async waitUntilConnected(timeoutMs) {
      // Each child waits on its own clock; the parent allows a little for the round trip.
      await Promise.all(children.map((child) => ask(child, { kind: "connected", timeoutMs }, z.null(), timeoutMs + 5_000)));
    },
    stop: stopChildren,
  };
}

async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
