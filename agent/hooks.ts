import { execFile } from "node:child_process";
import type { Command } from "../lib/protocol/agent";
import type { CommandContext, CommandHandler, HandlerResult, Integration } from "./commands";

/**
 * Hooks are argv arrays from the agent's own config file, e.g.
 * `{ "restart": ["systemctl", "restart", "redis"] }`. They run with execFile: no shell, so
 * nothing in them (or in a command) is ever interpreted as shell syntax. The server only names
 * a hook; it never sends a program or arguments.
 */
export type Hooks = Record<string, string[]>;

export const HOOK_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const OUTPUT_TAIL_CHARS = 600;

export type HookRun = { ok: boolean; detail: string };

/** Runs one hook to completion, the deadline, or the signal; never rejects. */
export function runHook(
  name: string,
  argv: string[],
  options: { timeoutMs: number; signal?: AbortSignal; env?: Record<string, string> },
): Promise<HookRun> {
  return new Promise((resolve) => {
    if (argv.length === 0) {
      resolve({ ok: false, detail: `hook "${name}" is empty` });
      return;
    }
    const [file, ...args] = argv;
    execFile(
      file,
      args,
      {
        shell: false,
        timeout: Math.max(1, Math.floor(options.timeoutMs)),
        killSignal: "SIGKILL",
        signal: options.signal,
        maxBuffer: 256 * 1024,
        env: { ...process.env, ...options.env },
        windowsHide: true,
      },
      (error, stdout, stderr) => {
        const output = tail(`${String(stdout)}${String(stderr)}`.trim());
        const suffix = output ? `: ${output}` : "";
        if (!error) {
          resolve({ ok: true, detail: `hook "${name}" exited 0${suffix}` });
          return;
        }
        const failure = error as NodeJS.ErrnoException & { killed?: boolean; signal?: string | null; code?: unknown };
        let reason: string;
        if (failure.name === "AbortError") reason = "stopped at the command's deadline";
        else if (failure.killed) reason = `killed after ${options.timeoutMs} ms (timeout)`;
        else if (failure.code === "ENOENT") reason = `cannot run "${file}": not found`;
        else if (failure.code === "EACCES") reason = `cannot run "${file}": permission denied`;
        else if (typeof failure.code === "number") reason = `exited ${failure.code}`;
        else if (failure.signal) reason = `killed by ${failure.signal}`;
        else reason = failure.message;
        resolve({ ok: false, detail: `hook "${name}" ${reason}${suffix}` });
      },
    );
  });
}

function tail(text: string): string {
  return text.length <= OUTPUT_TAIL_CHARS ? text : `...${text.slice(-OUTPUT_TAIL_CHARS)}`;
}

/** What a hook learns about the command that triggered it (environment only, never argv). */
export function hookEnvironment(command: Command): Record<string, string> {
  const env: Record<string, string> = {
    VIGIL_COMMAND_ID: command.id,
    VIGIL_COMMAND_KIND: command.kind,
    VIGIL_COMMAND_EPOCH: String(command.epoch),
  };
  if (command.args.target) env.VIGIL_COMMAND_TARGET = command.args.target;
  return env;
}

export async function runNamedHook(hooks: Hooks, name: string, command: Command, context: CommandContext): Promise<HandlerResult> {
  const argv = Object.hasOwn(hooks, name) ? hooks[name] : undefined;
  if (!argv) {
    const defined = Object.keys(hooks);
    return {
      outcome: "refused",
      detail: `no "${name}" hook in this agent's config (defined: ${defined.length ? defined.join(", ") : "none"})`,
    };
  }
  const run = await runHook(name, argv, { timeoutMs: context.remainingMs(), signal: context.signal, env: hookEnvironment(command) });
  return { outcome: run.ok ? "succeeded" : "failed", detail: run.detail };
}

/** `restart` runs the "restart" hook; `run-hook` runs the hook named in args.hook. */
export function hookHandlers(hooks: Hooks): { restart: CommandHandler; "run-hook": CommandHandler } {
  return {
    restart: (command, context) => runNamedHook(hooks, "restart", command, context),
    "run-hook": async (command, context) => {
      const name = command.args.hook;
      if (!name) return { outcome: "refused", detail: "run-hook needs args.hook, the name of a hook in the agent's config" };
      return runNamedHook(hooks, name, command, context);
    },
  };
}

/** The integration of an agent without a data-store integration: only its hooks. */
export function createHookIntegration(hooks: Hooks): Integration {
  return { name: "hooks-only", handlers: hookHandlers(hooks) };
}
