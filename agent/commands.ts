import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import type { Ack } from "../lib/protocol/common";
import {
  MAX_EPOCH_JUMP,
  commandSchema,
  replicationSchema,
  type Command,
  type CommandKind,
  type CommandOutcome,
  type Membership,
  type Replication,
} from "../lib/protocol/agent";
import { silentLogger, type AgentLogger } from "./logger";

/*
 * Recovery commands from the server. Three guarantees, independent of what the command does:
 * - fencing: the highest epoch ever seen is remembered (on disk for the real agent) and a
 *   command with a lower epoch is refused without running;
 * - idempotency: recent command ids are remembered with their outcome, and a repeated id is
 *   answered with that outcome without running anything again (also while the first is still
 *   running, and across an agent restart — a command that was running when the agent died is
 *   answered "failed" rather than run a second time);
 * - a deadline: the handler gets the command's timeoutMs (minus a small margin so the answer
 *   reaches the server before it stops waiting) and an AbortSignal; past it, the command fails.
 * Commands run one at a time, in arrival order: promote and follow on one node must not overlap.
 */

export type HandlerResult = {
  outcome: CommandOutcome["outcome"];
  detail: string;
};

export type CommandContext = {
  /** Aborted at the deadline; handlers pass it on to whatever they wait for. */
  signal: AbortSignal;
  /** Epoch ms by which the handler must be done. */
  deadline: number;
  /** Milliseconds left until the deadline (never below 0). */
  remainingMs(): number;
};

export type CommandHandler = (command: Command, context: CommandContext) => Promise<HandlerResult>;

/**
 * What the agent can actually do on its node: the data-store integration (Redis, a simulated
 * node) or just the local hooks. A kind without a handler is refused.
 */
export type Integration = {
  name: string;
  handlers: Partial<Record<CommandKind, CommandHandler>>;
  /** The replication status after a command, reported in its outcome. */
  replication?(signal: AbortSignal): Promise<Replication | undefined>;
  /** Vigil's latest view of this node's replica group (the `membership` event): who a follow may target. */
  setMembership?(membership: Membership): void;
};

export type StoredOutcome = Omit<CommandOutcome, "replication"> & { replication?: Replication };

export type CommandState = {
  highestEpoch: number;
  /** Oldest first. A "running" entry was started but its outcome not yet recorded. */
  recent: ({ id: string; state: "done"; outcome: StoredOutcome } | { id: string; state: "running" })[];
};

/** Where the fencing epoch and the recent outcomes live between agent restarts. */
export type CommandStateStore = {
  load(): CommandState;
  save(state: CommandState): void;
};

export function createMemoryCommandStore(): CommandStateStore {
  let saved: CommandState = { highestEpoch: 0, recent: [] };
  return {
    load: () => structuredClone(saved),
    save: (state) => {
      saved = structuredClone(state);
    },
  };
}

const storedOutcomeSchema = z.object({
  id: z.string(),
  outcome: z.enum(["succeeded", "failed", "refused"]),
  detail: z.string(),
  replication: replicationSchema.optional(),
});
const stateFileSchema = z.object({
  highestEpoch: z.number().int().min(0),
  recent: z.array(
    z.union([
      z.object({ id: z.string(), state: z.literal("done"), outcome: storedOutcomeSchema }),
      z.object({ id: z.string(), state: z.literal("running") }),
    ]),
  ),
});

export class CommandStateFileError extends Error {}

/**
 * `<dir>/commands.json`, replaced atomically (write, fsync, rename) on every change: fencing is
 * only as good as the epoch surviving a crash. A missing file is a fresh agent; an unreadable
 * one is an error, because silently starting from epoch 0 would defeat fencing.
 */
export function createFileCommandStore(dir: string): CommandStateStore {
  const file = path.join(dir, "commands.json");
  return {
    load() {
      let text: string;
      try {
        text = fs.readFileSync(file, "utf8");
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return { highestEpoch: 0, recent: [] };
        throw error;
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = undefined;
      }
      const result = stateFileSchema.safeParse(parsed);
      if (!result.success) {
        throw new CommandStateFileError(`${file} is corrupt; fix or remove it (removing it forgets the fencing epoch)`);
      }
      return result.data;
    },
    save(state) {
      fs.mkdirSync(dir, { recursive: true });
      const temporary = `${file}.tmp`;
      const fd = fs.openSync(temporary, "w");
      try {
        fs.writeSync(fd, JSON.stringify(state));
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
      fs.renameSync(temporary, file);
    },
  };
}

export type CommandExecutorOptions = {
  integration: Integration;
  store?: CommandStateStore;
  logger?: AgentLogger;
  /** Recent ids remembered for idempotency (default 256). */
  maxRemembered?: number;
  /** Subtracted from timeoutMs so the answer arrives before the server gives up (default 5 %, at most 500 ms). */
  marginMs?: (timeoutMs: number) => number;
};

const defaultMargin = (timeoutMs: number) => Math.min(500, Math.floor(timeoutMs * 0.05));

export class CommandExecutor {
  private readonly integration: Integration;
  private readonly store: CommandStateStore;
  private readonly logger: AgentLogger;
  private readonly maxRemembered: number;
  private readonly marginMs: (timeoutMs: number) => number;
  private highestEpoch: number;
  private cluster: string | undefined;
  private readonly done = new Map<string, StoredOutcome>();
  private readonly running = new Map<string, Promise<StoredOutcome>>();
  private queue: Promise<unknown> = Promise.resolve();
  /** How many times each handler was actually invoked (for tests and logs). */
  readonly runs = new Map<CommandKind, number>();

  constructor(options: CommandExecutorOptions) {
    this.integration = options.integration;
    this.store = options.store ?? createMemoryCommandStore();
    this.logger = options.logger ?? silentLogger;
    this.maxRemembered = options.maxRemembered ?? 256;
    this.marginMs = options.marginMs ?? defaultMargin;
    const state = this.store.load();
    this.highestEpoch = state.highestEpoch;
    let interrupted = false;
    for (const entry of state.recent) {
      if (entry.state === "done") {
        this.done.set(entry.id, entry.outcome);
      } else {
        interrupted = true;
        this.done.set(entry.id, {
          id: entry.id,
          outcome: "failed",
          detail: "the agent stopped while this command was running; it is not run again (check the node)",
        });
      }
    }
    if (interrupted) this.persist();
  }

  get epoch(): number {
    return this.highestEpoch;
  }

  /** Validates and runs one `command` event; resolves with the ack to send. Never rejects. */
  async handle(payload: unknown): Promise<Ack<CommandOutcome>> {
    const receivedAt = Date.now();
    const parsed = commandSchema.safeParse(payload);
    if (!parsed.success) {
      const detail = parsed.error.issues
        .slice(0, 5)
        .map((issue) => `${issue.path.length ? issue.path.join(".") : "(root)"}: ${issue.message}`)
        .join("; ");
      this.logger.warn(`ignored a malformed command: ${detail}`);
      return { ok: false, error: { code: "bad_request", message: `invalid command: ${detail}` } };
    }
    const command = parsed.data;
    if (this.cluster !== undefined && command.cluster !== undefined && command.cluster !== this.cluster) {
      return refusedNow(command, `sent by another Vigil installation (cluster ${command.cluster}, this agent is enrolled with ${this.cluster})`);
    }
    // Remembered per installation: a new database reusing an action id is a new command, not a repeat.
    const key = command.cluster === undefined ? command.id : `${command.cluster}/${command.id}`;
    const known = this.done.get(key);
    if (known) return { ok: true, data: { ...known, id: command.id } };
    const inFlight = this.running.get(key);
    if (inFlight) return { ok: true, data: await inFlight };

    if (command.epoch < this.highestEpoch) {
      return { ok: true, data: this.finish(key, this.fenced(command)) };
    }
    if (this.highestEpoch > 0 && command.epoch > this.highestEpoch + MAX_EPOCH_JUMP) {
      return refusedNow(command, `epoch ${command.epoch} jumps more than ${MAX_EPOCH_JUMP} above epoch ${this.highestEpoch} already seen by this agent`);
    }
    if (command.epoch > this.highestEpoch) {
      this.highestEpoch = command.epoch;
    }
    // Written before running: after a crash the epoch still fences and the id is not rerun.
    if (!this.persist(key)) {
      return {
        ok: true,
        data: this.finish(key, {
          id: command.id,
          outcome: "refused",
          detail: "not started: the agent cannot record the command's epoch and id on disk",
        }),
      };
    }
    const deadline = receivedAt + command.timeoutMs - this.marginMs(command.timeoutMs);
    const outcome = this.enqueue(command, key, deadline);
    this.running.set(key, outcome);
    return { ok: true, data: await outcome };
  }

  /** Hands Vigil's latest membership of this node's group to the integration (if it uses one). */
  setMembership(membership: Membership): void {
    this.integration.setMembership?.(membership);
  }

  /** The Vigil installation this agent is enrolled with (from its last hello); commands of another are refused. */
  setCluster(cluster: string | undefined): void {
    this.cluster = cluster;
  }

  private fenced(command: Command): StoredOutcome {
    return {
      id: command.id,
      outcome: "refused",
      detail: `fenced: epoch ${command.epoch} is older than epoch ${this.highestEpoch} already seen by this agent`,
    };
  }

  private enqueue(command: Command, key: string, deadline: number): Promise<StoredOutcome> {
    const run = this.queue.then(() => this.execute(command, deadline));
    this.queue = run.catch(() => undefined);
    return run.then(
      (outcome) => this.finish(key, outcome),
      (error: unknown) => this.finish(key, { id: command.id, outcome: "failed", detail: `agent error: ${message(error)}` }),
    );
  }

  private async execute(command: Command, deadline: number): Promise<StoredOutcome> {
    // A newer epoch may have arrived while this one waited its turn.
    if (command.epoch < this.highestEpoch) return this.fenced(command);
    if (Date.now() >= deadline) {
      return { id: command.id, outcome: "refused", detail: "not started: its deadline passed while earlier commands ran" };
    }
    const handler = this.integration.handlers[command.kind];
    if (!handler) {
      return {
        id: command.id,
        outcome: "refused",
        detail: `this agent cannot ${command.kind}: its ${this.integration.name} integration has no ${command.kind} handler`,
      };
    }
    this.runs.set(command.kind, (this.runs.get(command.kind) ?? 0) + 1);
    const controller = new AbortController();
    const context: CommandContext = {
      signal: controller.signal,
      deadline,
      remainingMs: () => Math.max(0, deadline - Date.now()),
    };
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<HandlerResult>((resolve) => {
      timer = setTimeout(() => {
        controller.abort(new Error("deadline exceeded"));
        resolve({ outcome: "failed", detail: `deadline exceeded: not done within ${command.timeoutMs} ms` });
      }, Math.max(0, deadline - Date.now()));
    });
    const started = Date.now();
    let result: HandlerResult;
    try {
      result = await Promise.race([
        handler(command, context).catch((error: unknown): HandlerResult => ({ outcome: "failed", detail: message(error) })),
        expired,
      ]);
    } finally {
      clearTimeout(timer);
    }
    this.logger.info(`command ${command.id} (${command.kind}, epoch ${command.epoch}) ${result.outcome} in ${Date.now() - started} ms: ${result.detail}`);
    const outcome: StoredOutcome = { id: command.id, outcome: result.outcome, detail: clip(result.detail) };
    if (this.integration.replication && result.outcome !== "refused") {
      // The status right after the command; a short grace past the deadline only for this read.
      const read = new AbortController();
      const readTimer = setTimeout(() => read.abort(new Error("timeout")), Math.max(250, context.remainingMs()));
      try {
        const replication = await this.integration.replication(read.signal);
        if (replication) outcome.replication = replication;
      } catch (error) {
        this.logger.warn(`cannot read replication after command ${command.id}: ${message(error)}`);
      } finally {
        clearTimeout(readTimer);
      }
    }
    return outcome;
  }

  private finish(id: string, outcome: StoredOutcome): StoredOutcome {
    this.running.delete(id);
    this.done.set(id, outcome);
    while (this.done.size > this.maxRemembered) {
      const oldest = this.done.keys().next().value;
      if (oldest === undefined) break;
      this.done.delete(oldest);
    }
    this.persist();
    return outcome;
  }

  private persist(starting?: string): boolean {
    const recent: CommandState["recent"] = [...this.done].map(([id, outcome]) => ({ id, state: "done" as const, outcome }));
    for (const id of this.running.keys()) recent.push({ id, state: "running" });
    if (starting !== undefined) recent.push({ id: starting, state: "running" });
    try {
      this.store.save({ highestEpoch: this.highestEpoch, recent });
      return true;
    } catch (error) {
      this.logger.error(`cannot persist command state: ${message(error)}`);
      return false;
    }
  }
}


/** Refused without running and without being remembered: nothing about it is this agent's to keep. */
function refusedNow(command: Command, detail: string): Ack<CommandOutcome> {
  return { ok: true, data: { id: command.id, outcome: "refused", detail } };
}

function clip(detail: string): string {
  return detail.length <= 2000 ? detail : `${detail.slice(0, 1997)}...`;
}

export function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
