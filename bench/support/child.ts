import { spawn, type ChildProcess } from "node:child_process";
import { resolve } from "node:path";

/** Repository root: bench/support/.. /.. */
export const REPO_ROOT = resolve(import.meta.dirname, "..", "..");

/**
 * A TypeScript child process run as `node --import tsx <script>` (not through npx or the tsx
 * CLI), so the pid we hold is the process doing the work: signals and /proc figures hit it.
 */
export type TsxChild<Incoming, Outgoing> = {
  pid: number;
  process: ChildProcess;
  send: (message: Outgoing) => void;
  /** Resolves with the next message that satisfies `accept`; rejects on exit or timeout. */
  next: <Wanted extends Incoming>(accept: (message: Incoming) => message is Wanted, timeoutMs: number) => Promise<Wanted>;
  output: () => string;
  stop: (graceMs?: number) => Promise<void>;
};

const OUTPUT_TAIL_CHARS = 20_000;

export function spawnTsx<Incoming, Outgoing>(script: string, args: string[] = [], env: Record<string, string> = {}): TsxChild<Incoming, Outgoing> {
  const child = spawn(process.execPath, ["--import", "tsx", resolve(REPO_ROOT, script), ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe", "ipc"],
  });
  if (child.pid === undefined) throw new Error(`could not start ${script}`);
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-OUTPUT_TAIL_CHARS);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  const inbox: Incoming[] = [];
  const waiters = new Set<() => void>();
  child.on("message", (message) => {
    inbox.push(message as Incoming);
    for (const wake of waiters) wake();
  });

  return {
    pid: child.pid,
    process: child,
    send(message) {
      if (child.connected) child.send(message as object);
    },
    next(accept, timeoutMs) {
      return new Promise((resolvePromise, reject) => {
        const check = () => {
          for (let index = 0; index < inbox.length; index++) {
            const message = inbox[index];
            if (!accept(message)) continue;
            inbox.splice(index, 1);
            finish();
            resolvePromise(message);
            return true;
          }
          if (child.exitCode !== null || child.signalCode !== null) {
            finish();
            reject(new Error(`${script} exited (${child.exitCode ?? child.signalCode}):\n${output}`));
            return true;
          }
          return false;
        };
        const timer = setTimeout(() => {
          finish();
          reject(new Error(`${script}: no expected message within ${timeoutMs} ms:\n${output}`));
        }, timeoutMs);
        const onExit = () => check();
        const finish = () => {
          clearTimeout(timer);
          waiters.delete(wake);
          child.off("exit", onExit);
        };
        const wake = () => void check();
        if (check()) return;
        waiters.add(wake);
        child.once("exit", onExit);
      });
    },
    output: () => output,
    async stop(graceMs = 5_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const killer = setTimeout(() => child.kill("SIGKILL"), graceMs);
      await exited;
      clearTimeout(killer);
    },
  };
}
