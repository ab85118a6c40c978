import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, describe, it } from "node:test";
import type { Command, CommandOutcome } from "../lib/protocol/agent";
import type { Ack } from "../lib/protocol/common";
import { AgentClient } from "./client";
import {
  CommandExecutor,
  CommandStateFileError,
  createFileCommandStore,
  createMemoryCommandStore,
  type CommandHandler,
  type Integration,
} from "./commands";
import { createHookIntegration } from "./hooks";
import { createMemorySpool } from "./spool";
import { startFakeAgentServer } from "./testing/fake-agent-server";
import { waitFor } from "./testing/wait-for";

const tempDirs: string[] = [];
const tempDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "vigil-commands-"));
  tempDirs.push(dir);
  return dir;
};
after(() => {
  for (const dir of tempDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

let counter = 0;
const command = (overrides: Partial<Command> = {}): Command => ({
  id: `cmd-${++counter}`,
  kind: "promote",
  epoch: 1,
  args: {},
  timeoutMs: 5000,
  ...overrides,
});

function outcomeOf(ack: Ack<CommandOutcome>): CommandOutcome {
  assert.ok(ack.ok, `expected an ok ack, got ${JSON.stringify(ack)}`);
  return ack.data;
}

/** An integration whose handlers count their calls. */
function counting(handler?: CommandHandler): { integration: Integration; calls: Command[] } {
  const calls: Command[] = [];
  const run: CommandHandler = async (cmd, context) => {
    calls.push(cmd);
    return handler ? handler(cmd, context) : { outcome: "succeeded", detail: `ran ${cmd.id}` };
  };
  return { integration: { name: "test", handlers: { promote: run, follow: run, restart: run } }, calls };
}

describe("command executor", () => {
  it("belongs to one Vigil installation: another's commands are refused, and a new installation's reused id runs", async () => {
    const { integration, calls } = counting();
    const executor = new CommandExecutor({ integration });
    executor.setCluster("old-install");
    assert.equal(outcomeOf(await executor.handle(command({ id: "promote-g1-e2", epoch: 2, cluster: "old-install" }))).outcome, "succeeded");
    const foreign = outcomeOf(await executor.handle(command({ id: "promote-g1-e3", epoch: 3, cluster: "someone-else" })));
    assert.equal(foreign.outcome, "refused");
    assert.match(foreign.detail, /another Vigil installation/);
    // The database was replaced: the agent now talks to a new installation, which reuses an action id.
    executor.setCluster("new-install");
    const rerun = outcomeOf(await executor.handle(command({ id: "promote-g1-e2", epoch: 3, cluster: "new-install" })));
    assert.equal(rerun.outcome, "succeeded");
    assert.equal(rerun.id, "promote-g1-e2");
    assert.equal(calls.length, 2, "the reused id really ran, not answered from memory");
  });

  it("refuses an epoch that jumps far above what it has seen", async () => {
    const { integration, calls } = counting();
    const executor = new CommandExecutor({ integration });
    assert.equal(outcomeOf(await executor.handle(command({ epoch: 7 }))).outcome, "succeeded");
    const forged = outcomeOf(await executor.handle(command({ epoch: 7 + 5000 })));
    assert.equal(forged.outcome, "refused");
    assert.match(forged.detail, /jumps more than/);
    assert.equal(executor.epoch, 7, "a refused jump does not move the fence");
    assert.equal(calls.length, 1);
  });

  it("refuses a command older than the highest epoch seen, without running it", async () => {
    const { integration, calls } = counting();
    const executor = new CommandExecutor({ integration });
    assert.equal(outcomeOf(await executor.handle(command({ epoch: 5 }))).outcome, "succeeded");
    const stale = outcomeOf(await executor.handle(command({ epoch: 4 })));
    assert.equal(stale.outcome, "refused");
    assert.match(stale.detail, /epoch 4 is older than epoch 5/);
    assert.equal(outcomeOf(await executor.handle(command({ epoch: 5 }))).outcome, "succeeded", "the same epoch is fine");
    assert.equal(outcomeOf(await executor.handle(command({ epoch: 9 }))).outcome, "succeeded");
    assert.equal(outcomeOf(await executor.handle(command({ epoch: 8 }))).outcome, "refused");
    assert.equal(calls.length, 3);
    assert.deepEqual(calls.map((call) => call.epoch), [5, 5, 9]);
    assert.equal(executor.epoch, 9);
  });

  it("refuses a queued command when a newer epoch arrived while it waited", async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const { integration, calls } = counting(async (cmd) => {
      if (cmd.epoch === 1) await gate;
      return { outcome: "succeeded", detail: "ok" };
    });
    const executor = new CommandExecutor({ integration });
    const first = executor.handle(command({ epoch: 1 }));
    await waitFor(() => calls.length === 1, "the first command to start");
    const queued = executor.handle(command({ epoch: 1 }));
    const newer = executor.handle(command({ epoch: 2 }));
    release();
    assert.equal(outcomeOf(await first).outcome, "succeeded");
    assert.equal(outcomeOf(await queued).outcome, "refused", "fenced by epoch 2 before it started");
    assert.equal(outcomeOf(await newer).outcome, "succeeded");
    assert.equal(calls.length, 2);
  });

  it("runs a repeated id once and answers it with the first outcome, also while it runs", async () => {
    let runs = 0;
    const { integration } = counting(async () => {
      runs++;
      await new Promise((resolve) => setTimeout(resolve, 50));
      return { outcome: "succeeded", detail: `run #${runs}` };
    });
    const executor = new CommandExecutor({ integration });
    const cmd = command({ id: "same", epoch: 3 });
    const [first, concurrent] = await Promise.all([executor.handle(cmd), executor.handle(cmd)]);
    const later = await executor.handle(cmd);
    const evenWithOtherEpoch = await executor.handle({ ...cmd, epoch: 1 });
    assert.equal(runs, 1);
    assert.deepEqual(outcomeOf(first), { id: "same", outcome: "succeeded", detail: "run #1" });
    assert.deepEqual(outcomeOf(concurrent), outcomeOf(first));
    assert.deepEqual(outcomeOf(later), outcomeOf(first));
    assert.deepEqual(outcomeOf(evenWithOtherEpoch), outcomeOf(first));
  });

  it("remembers a bounded number of ids", async () => {
    const { integration, calls } = counting();
    const executor = new CommandExecutor({ integration, maxRemembered: 3 });
    for (const id of ["a", "b", "c", "d"]) await executor.handle(command({ id }));
    await executor.handle(command({ id: "d" }));
    assert.equal(calls.length, 4, "d is remembered");
    await executor.handle(command({ id: "a" }));
    assert.equal(calls.length, 5, "a was forgotten (oldest)");
  });

  it("fails a command at its deadline, a margin before the server's timeout, and aborts the handler", async () => {
    const seen: { calledAt: number; deadline: number; abortedAt: number | null }[] = [];
    const { integration } = counting(
      (_cmd, context) =>
        new Promise(() => {
          const call = { calledAt: Date.now(), deadline: context.deadline, abortedAt: null as number | null };
          seen.push(call);
          context.signal.addEventListener("abort", () => (call.abortedAt = Date.now()));
        }),
    );
    const executor = new CommandExecutor({ integration, marginMs: () => 50 });
    const sentAt = Date.now();
    const outcome = outcomeOf(await executor.handle(command({ timeoutMs: 300 })));
    assert.equal(outcome.outcome, "failed");
    assert.match(outcome.detail, /deadline exceeded/);
    const [call] = seen;
    // The deadline is the command's timeout less the margin, counted from its receipt (between sending and the handler's call).
    assert.ok(call.deadline >= sentAt + 250 && call.deadline <= call.calledAt + 250, `deadline ${call.deadline - sentAt} ms after sending`);
    assert.notEqual(call.abortedAt, null, "the handler was aborted");
    // Not before the deadline (Node's timers may fire up to 1 ms early on the wall clock). How soon after: bench:command-deadline.
    assert.ok((call.abortedAt ?? 0) + 1 >= call.deadline, `aborted ${call.deadline - (call.abortedAt ?? 0)} ms before the deadline`);
    // The queue moves on after a stuck handler.
    const next = await executor.handle(command({ kind: "restart", timeoutMs: 300 }));
    assert.equal(outcomeOf(next).outcome, "failed", "same stuck handler, fails at its own deadline");
  });

  it("answers a malformed command with an error ack and remembers nothing", async () => {
    const { integration, calls } = counting();
    const executor = new CommandExecutor({ integration });
    for (const payload of [
      undefined,
      "restart",
      { id: "x", kind: "shell", epoch: 1, timeoutMs: 1000 },
      { id: "x", kind: "restart", epoch: -1, timeoutMs: 1000 },
      { id: "x", kind: "restart", epoch: 1, timeoutMs: 5 },
      { id: "", kind: "restart", epoch: 1, timeoutMs: 1000 },
      { id: "x", kind: "follow", epoch: 1, timeoutMs: 1000, args: { port: 70000 } },
    ]) {
      const ack = await executor.handle(payload);
      assert.equal(ack.ok, false, JSON.stringify(payload));
      if (!ack.ok) assert.equal(ack.error.code, "bad_request");
    }
    assert.equal(calls.length, 0);
    assert.equal(executor.epoch, 0);
    assert.equal(outcomeOf(await executor.handle(command({ id: "x", kind: "restart" }))).outcome, "succeeded");
  });

  it("refuses a kind the integration cannot do", async () => {
    const executor = new CommandExecutor({ integration: { name: "hooks-only", handlers: {} } });
    const outcome = outcomeOf(await executor.handle(command({ kind: "promote" })));
    assert.equal(outcome.outcome, "refused");
    assert.match(outcome.detail, /cannot promote/);
  });

  it("turns a throwing handler into a failed outcome and adds the replication read after it", async () => {
    const executor = new CommandExecutor({
      integration: {
        name: "test",
        handlers: {
          promote: async () => {
            throw new Error("boom");
          },
        },
        replication: async () => ({ role: "primary", offset: 7, lagMs: 0, linkUp: true }),
      },
    });
    const outcome = outcomeOf(await executor.handle(command()));
    assert.equal(outcome.outcome, "failed");
    assert.equal(outcome.detail, "boom");
    assert.deepEqual(outcome.replication, { role: "primary", offset: 7, lagMs: 0, linkUp: true });
  });

  it("persists the epoch and outcomes, and never reruns a command interrupted by a crash", async () => {
    const dir = tempDir();
    const { integration, calls } = counting();
    const first = new CommandExecutor({ integration, store: createFileCommandStore(dir) });
    const done = outcomeOf(await first.handle(command({ id: "p1", epoch: 7 })));

    const second = new CommandExecutor({ integration, store: createFileCommandStore(dir) });
    assert.equal(second.epoch, 7);
    assert.deepEqual(outcomeOf(await second.handle(command({ id: "p1", epoch: 7 }))), done);
    assert.equal(outcomeOf(await second.handle(command({ epoch: 6 }))).outcome, "refused");
    assert.equal(calls.length, 1);

    // A crash mid-command: the state file says "running".
    const state = JSON.parse(fs.readFileSync(path.join(dir, "commands.json"), "utf8"));
    state.recent.push({ id: "mid", state: "running" });
    fs.writeFileSync(path.join(dir, "commands.json"), JSON.stringify(state));
    const third = new CommandExecutor({ integration, store: createFileCommandStore(dir) });
    const interrupted = outcomeOf(await third.handle(command({ id: "mid", epoch: 7 })));
    assert.equal(interrupted.outcome, "failed");
    assert.match(interrupted.detail, /not run again/);
    assert.equal(calls.length, 1);

    fs.writeFileSync(path.join(dir, "commands.json"), "{ nope");
    assert.throws(() => new CommandExecutor({ integration, store: createFileCommandStore(dir) }), CommandStateFileError);
  });

  it("refuses to run when the epoch cannot be recorded", async () => {
    const { integration, calls } = counting();
    const store = createMemoryCommandStore();
    let broken = false;
    const executor = new CommandExecutor({
      integration,
      store: {
        load: store.load,
        save: (state) => {
          if (broken) throw new Error("disk full");
          store.save(state);
        },
      },
    });
    broken = true;
    const outcome = outcomeOf(await executor.handle(command()));
    assert.equal(outcome.outcome, "refused");
    assert.equal(calls.length, 0);
  });
});

describe("hooks", () => {
  const node = process.execPath;
  // Writes its argv (after the script) as JSON to the file named by its first argument.
  const writeArgv = "require('fs').writeFileSync(process.argv[1], JSON.stringify({ argv: process.argv.slice(2), id: process.env.VIGIL_COMMAND_ID }))";

  it("refuses restart and run-hook when the hook is not in the config", async () => {
    const executor = new CommandExecutor({ integration: createHookIntegration({ "rotate-logs": ["true"] }) });
    const restart = outcomeOf(await executor.handle(command({ kind: "restart" })));
    assert.equal(restart.outcome, "refused");
    assert.match(restart.detail, /no "restart" hook.*defined: rotate-logs/);
    const unknown = outcomeOf(await executor.handle(command({ kind: "run-hook", args: { hook: "wipe-disk" } })));
    assert.equal(unknown.outcome, "refused");
    assert.match(unknown.detail, /no "wipe-disk" hook/);
    const unnamed = outcomeOf(await executor.handle(command({ kind: "run-hook" })));
    assert.equal(unnamed.outcome, "refused");
    const inherited = outcomeOf(await executor.handle(command({ kind: "run-hook", args: { hook: "constructor" } })));
    assert.equal(inherited.outcome, "refused", "object prototype names are not hooks");
    assert.equal(outcomeOf(await executor.handle(command({ kind: "promote" }))).outcome, "refused");
  });

  it("runs hooks without a shell: metacharacters reach the program literally", async () => {
    const dir = tempDir();
    const out = path.join(dir, "argv.json");
    const marker = path.join(dir, "pwned");
    const hostile = [`x; touch ${marker}`, `$(touch ${marker})`, `\`touch ${marker}\``, "a && b | c > d", "*"];
    const executor = new CommandExecutor({
      integration: createHookIntegration({ restart: [node, "-e", writeArgv, out, ...hostile] }),
    });
    const outcome = outcomeOf(await executor.handle(command({ id: "hook-1", kind: "restart" })));
    assert.equal(outcome.outcome, "succeeded", outcome.detail);
    const written = JSON.parse(fs.readFileSync(out, "utf8")) as { argv: string[]; id: string };
    assert.deepEqual(written.argv, hostile);
    assert.equal(written.id, "hook-1", "the command reaches the hook in its environment");
    assert.equal(fs.existsSync(marker), false);
  });

  it("reports a failing hook with its exit code and output", async () => {
    const executor = new CommandExecutor({
      integration: createHookIntegration({ check: [node, "-e", "console.error('replica broken'); process.exit(3)"], missing: ["/nonexistent/bin"] }),
    });
    const failed = outcomeOf(await executor.handle(command({ kind: "run-hook", args: { hook: "check" } })));
    assert.equal(failed.outcome, "failed");
    assert.match(failed.detail, /exited 3: replica broken/);
    const missing = outcomeOf(await executor.handle(command({ kind: "run-hook", args: { hook: "missing" } })));
    assert.equal(missing.outcome, "failed");
    assert.match(missing.detail, /not found/);
  });

  // The hook would run 60 s: an executor that waited for it instead of the deadline fails on the test's timeout.
  it("kills a hook that outlives the command's deadline", { timeout: 30_000 }, async () => {
    const dir = tempDir();
    const pidFile = path.join(dir, "pid");
    const executor = new CommandExecutor({
      integration: createHookIntegration({
        restart: [node, "-e", `require('fs').writeFileSync(${JSON.stringify(pidFile)}, String(process.pid)); setTimeout(() => {}, 60000)`],
      }),
    });
    const outcome = outcomeOf(await executor.handle(command({ kind: "restart", timeoutMs: 1000 })));
    assert.equal(outcome.outcome, "failed");
    assert.match(outcome.detail, /deadline exceeded/);
    const pid = Number(fs.readFileSync(pidFile, "utf8"));
    await waitFor(() => {
      try {
        process.kill(pid, 0);
        return false;
      } catch {
        return true;
      }
    }, "the hook process to be gone", 2000);
  });
});

describe("commands over the agent protocol", () => {
  it("the client answers the server's command events through its executor", async () => {
    const server = await startFakeAgentServer();
    const { integration, calls } = counting();
    const client = new AgentClient({
      serverUrl: server.url,
      token: "test-token",
      nodeId: "cmd-node",
      hello: { hostname: "h", agentVersion: "test" },
      spool: createMemorySpool(),
      commands: new CommandExecutor({ integration }),
    });
    const bare = new AgentClient({
      serverUrl: server.url,
      token: "test-token",
      nodeId: "bare-node",
      hello: { hostname: "h", agentVersion: "test" },
      spool: createMemorySpool(),
    });
    try {
      client.start();
      bare.start();
      await waitFor(() => client.connected && bare.connected, "connect");
      const cmd = command({ id: "over-the-wire", epoch: 2 });
      const first = await server.sendCommand("cmd-node", cmd);
      assert.deepEqual(first, { ok: true, data: { id: "over-the-wire", outcome: "succeeded", detail: "ran over-the-wire" } });
      assert.deepEqual(await server.sendCommand("cmd-node", cmd), first);
      assert.equal(calls.length, 1);
      assert.equal(outcomeOf(await server.sendCommand("cmd-node", command({ epoch: 1 }))).outcome, "refused");
      const malformed = await server.sendCommand("cmd-node", { id: "bad", kind: "exec", epoch: 1, timeoutMs: 1000 });
      assert.equal(malformed.ok, false);
      const unsupported = outcomeOf(await server.sendCommand("bare-node", command()));
      assert.equal(unsupported.outcome, "refused", "an agent without an integration refuses");
    } finally {
      await client.stop(100);
      await bare.stop(100);
      await server.close();
    }
  });
});
