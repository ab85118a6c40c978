/**
 * Command deadline benchmark: how close to its deadline the agent answers a command whose
 * handler never finishes (agent/commands.ts: the deadline is the command's timeout less a
 * margin, so the answer reaches the server before it gives up). agent/commands.test.ts checks
 * the deadline and the abort; this measures how late past the deadline the answer comes.
 *
 *   npm run bench:command-deadline [-- --commands N] [--timeout-ms MS]
 *
 * Target: every answer before the server's own timeout (lateness past the deadline < margin).
 */
import { parseArgs } from "node:util";
import type { Command } from "../lib/protocol/agent";
import { CommandExecutor, type CommandHandler } from "../agent/commands";

const { values: options } = parseArgs({
  options: { commands: { type: "string", default: "20" }, "timeout-ms": { type: "string", default: "300" } },
  strict: true,
});
const COMMANDS = Math.max(1, Number(options.commands));
const TIMEOUT_MS = Math.max(50, Number(options["timeout-ms"]));

const stuck: CommandHandler = () => new Promise(() => undefined);
const executor = new CommandExecutor({ integration: { name: "bench", handlers: { promote: stuck } } });
/** The executor's default margin (agent/commands.ts): 5 % of the timeout, at most 500 ms. */
const margin = Math.min(500, Math.floor(TIMEOUT_MS * 0.05));

const late: number[] = [];
const early: number[] = [];
for (let i = 0; i < COMMANDS; i++) {
  const command: Command = { id: `bench-${i}`, kind: "promote", epoch: 1, args: {}, timeoutMs: TIMEOUT_MS };
  const started = performance.now();
  await executor.handle(command);
  const took = performance.now() - started;
  late.push(took - (TIMEOUT_MS - margin));
  early.push(TIMEOUT_MS - took);
}
const stats = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))].toFixed(1);
  return `median ${at(0.5)} ms, p90 ${at(0.9)} ms, max ${at(1)} ms`;
};
console.log(`${COMMANDS} stuck commands, timeout ${TIMEOUT_MS} ms, margin ${margin} ms`);
console.log(`answered after the deadline by: ${stats(late)}`);
console.log(`answered before the server's timeout by: ${stats(early)}`);
console.log(Math.min(...early) > 0 ? "Target met: every answer before the server's timeout." : "TARGET MISSED: an answer came after the server's timeout.");
