import assert from "node:assert/strict";
import { test } from "node:test";
import { DEFAULT_REPLICATION_SETTINGS, replicaGroupStatus } from "../replication";
import { T0, healthyGroup } from "../replication/fixtures";
import { deliveries, handleCommand, newSession, passwordMatches, type CommandContext, type Session } from "./commands";
import { sentinelView } from "./masters";
import { encodeReply, type Reply } from "./resp";

const nodes = healthyGroup("kv");
const masters = sentinelView(replicaGroupStatus(nodes, null, T0, DEFAULT_REPLICATION_SETTINGS).groups, nodes);

function ctx(password: string | null = null): CommandContext {
  return { password, view: () => masters, now: T0, myId: "f".repeat(40), port: 26379, downAfterMs: 3000, connectedClients: 1 };
}

/** Runs a command and returns its replies as they go on the wire: easy to compare with real Sentinel's. */
function run(session: Session, context: CommandContext, ...argv: string[]): string[] {
  return handleCommand(session, argv, context).replies.map((reply) => encodeReply(reply).toString("utf8"));
}

/** A reply as plain JS: strings, numbers, null, nested arrays, errors as { error }. */
function value(reply: Reply): unknown {
  switch (reply.kind) {
    case "simple":
    case "bulk":
      return reply.value;
    case "integer":
      return reply.value;
    case "error":
      return { error: reply.message };
    case "array":
      return reply.items === null ? null : reply.items.map(value);
  }
}

function ask(session: Session, context: CommandContext, ...argv: string[]): unknown {
  const { replies } = handleCommand(session, argv, context);
  assert.equal(replies.length, 1, `${argv.join(" ")} answers once`);
  return value(replies[0]);
}

/** SENTINEL master / replicas replies as objects, as ioredis' packObject reads them. */
function pack(flat: unknown): Record<string, string> {
  const items = flat as string[];
  const out: Record<string, string> = {};
  for (let i = 0; i < items.length; i += 2) out[items[i]] = items[i + 1];
  return out;
}

test("get-master-addr-by-name: the primary's ip and port; a null array for a group it does not know", () => {
  const session = newSession(1, T0);
  assert.deepEqual(ask(session, ctx(), "SENTINEL", "get-master-addr-by-name", "kv"), ["sim-a-001.sim.local", "6379"]);
  assert.deepEqual(run(session, ctx(), "sentinel", "GET-MASTER-ADDR-BY-NAME", "nope"), ["*-1\r\n"]);
  assert.deepEqual(ask(session, ctx(), "sentinel", "get-master-addr-by-name"), { error: "ERR wrong number of arguments for 'sentinel|get-master-addr-by-name' command" });
});

test("SENTINEL masters / master / replicas / slaves: Sentinel's field names, what ioredis and redis-cli read", () => {
  const session = newSession(1, T0);
  const all = ask(session, ctx(), "SENTINEL", "masters") as unknown[];
  assert.equal(all.length, 1);
  const master = pack(ask(session, ctx(), "SENTINEL", "master", "kv"));
  assert.deepEqual(pack(all[0]), master);
  assert.equal(master.name, "kv");
  assert.equal(master.ip, "sim-a-001.sim.local");
  assert.equal(master.port, "6379");
  assert.equal(master.flags, "master");
  assert.equal(master["role-reported"], "master");
  assert.equal(master["num-slaves"], "2");
  assert.equal(master.quorum, "1");
  for (const sub of ["replicas", "slaves"]) {
    const replicas = (ask(session, ctx(), "SENTINEL", sub, "kv") as unknown[]).map(pack);
    assert.deepEqual(replicas.map((r) => `${r.ip}:${r.port}`), ["sim-b-002.sim.local:6379", "sim-c-003.sim.local:6379"]);
    assert.deepEqual(replicas.map((r) => r.flags), ["slave", "slave"]);
    assert.equal(replicas[0]["master-host"], "sim-a-001.sim.local");
    assert.equal(replicas[0]["master-link-status"], "ok");
    assert.equal(replicas[0].name, "sim-b-002.sim.local:6379");
  }
  assert.deepEqual(ask(session, ctx(), "SENTINEL", "master", "nope"), { error: "ERR No such master with that name" });
  assert.deepEqual(ask(session, ctx(), "SENTINEL", "replicas", "nope"), { error: "ERR No such master with that name" });
  assert.deepEqual(ask(session, ctx(), "SENTINEL", "sentinels", "kv"), [], "ioredis' updateSentinels finds no peers to add");
});

test("SENTINEL FAILOVER and configuration commands say what to use instead; unknown subcommands are named", () => {
  const session = newSession(1, T0);
  assert.match((ask(session, ctx(), "SENTINEL", "failover", "kv") as { error: string }).error, /^ERR SENTINEL FAILOVER is not supported.*switchover/);
  assert.match((ask(session, ctx(), "SENTINEL", "monitor", "x", "1.2.3.4", "6379", "2") as { error: string }).error, /^ERR SENTINEL MONITOR is not supported/);
  assert.deepEqual(ask(session, ctx(), "SENTINEL", "bogus"), { error: "ERR unknown subcommand 'bogus'. Try SENTINEL HELP." });
  assert.equal(typeof ask(session, ctx(), "SENTINEL", "myid"), "string");
});

test("ROLE and INFO answer as a Sentinel", () => {
  const session = newSession(1, T0);
  assert.deepEqual(ask(session, ctx(), "ROLE"), ["sentinel", ["kv"]]);
  const info = ask(session, ctx(), "INFO") as string;
  assert.match(info, /# Sentinel\r\nsentinel_masters:1\r\n/);
  assert.match(info, /master0:name=kv,status=ok,address=sim-a-001\.sim\.local:6379,slaves=2,sentinels=1/);
  assert.match(info, /redis_mode:sentinel/);
  assert.doesNotMatch(ask(session, ctx(), "INFO", "sentinel") as string, /# Server/);
});

test("unknown commands: Redis' error wording with the first arguments", () => {
  const session = newSession(1, T0);
  assert.deepEqual(run(session, ctx(), "GET", "x"), ["-ERR unknown command 'GET', with args beginning with: 'x' \r\n"]);
  assert.deepEqual(ask(session, ctx(), "PING", "a", "b"), { error: "ERR wrong number of arguments for 'ping' command" });
});

test("PING, ECHO, CLIENT SETNAME / GETNAME / ID / SETINFO as clients send them on connect", () => {
  const session = newSession(7, T0);
  assert.deepEqual(run(session, ctx(), "PING"), ["+PONG\r\n"]);
  assert.deepEqual(ask(session, ctx(), "PING", "hi"), "hi");
  assert.deepEqual(ask(session, ctx(), "ECHO", "hi"), "hi");
  assert.equal(ask(session, ctx(), "CLIENT", "GETNAME"), null);
  assert.equal(ask(session, ctx(), "CLIENT", "SETNAME", "app-1"), "OK");
  assert.equal(ask(session, ctx(), "CLIENT", "GETNAME"), "app-1");
  assert.deepEqual(ask(session, ctx(), "CLIENT", "SETNAME", "a b"), { error: "ERR Client names cannot contain spaces, newlines or special characters." });
  assert.equal(ask(session, ctx(), "CLIENT", "ID"), 7);
  assert.equal(ask(session, ctx(), "CLIENT", "SETINFO", "lib-name", "ioredis"), "OK");
  assert.match(ask(session, ctx(), "CLIENT", "INFO") as string, /^id=7 .*name=app-1 /);
  assert.deepEqual(ask(session, ctx(), "CLIENT", "KILL", "x"), { error: "ERR unknown subcommand 'KILL'. Try CLIENT HELP." });
});

test("HELLO 2 answers like Sentinel; HELLO 3 is refused with NOPROTO (RESP2 only)", () => {
  const session = newSession(3, T0);
  assert.deepEqual(ask(session, ctx(), "HELLO", "2", "SETNAME", "app"), ["server", "redis", "version", "7.0.0", "proto", 2, "id", 3, "mode", "sentinel", "modules", []]);
  assert.equal(session.name, "app");
  assert.deepEqual(ask(session, ctx(), "HELLO"), ["server", "redis", "version", "7.0.0", "proto", 2, "id", 3, "mode", "sentinel", "modules", []]);
  assert.deepEqual(ask(session, ctx(), "HELLO", "3"), { error: "NOPROTO unsupported protocol version" });
  assert.deepEqual(ask(session, ctx(), "HELLO", "x"), { error: "ERR Protocol version is not an integer or out of range" });
  assert.deepEqual(ask(session, ctx(), "HELLO", "2", "BOGUS"), { error: "ERR Syntax error in HELLO option 'BOGUS'" });
});

test("with a password: NOAUTH before AUTH (QUIT excepted), WRONGPASS for a wrong one, everything after AUTH", () => {
  const context = ctx("s3cret");
  const session = newSession(1, T0);
  assert.deepEqual(run(session, context, "PING"), ["-NOAUTH Authentication required.\r\n"]);
  assert.deepEqual(ask(session, context, "SENTINEL", "get-master-addr-by-name", "kv"), { error: "NOAUTH Authentication required." });
  assert.deepEqual(ask(session, context, "SUBSCRIBE", "+switch-master"), { error: "NOAUTH Authentication required." });
  assert.match((ask(session, context, "HELLO", "2") as { error: string }).error, /^NOAUTH HELLO must be called with the client already authenticated/);
  assert.deepEqual(ask(session, context, "AUTH", "wrong"), { error: "WRONGPASS invalid username-password pair or user is disabled." });
  assert.deepEqual(ask(session, context, "AUTH", "someone", "s3cret"), { error: "WRONGPASS invalid username-password pair or user is disabled." });
  assert.equal(session.authenticated, false);
  assert.equal(ask(session, context, "AUTH", "s3cret"), "OK");
  assert.deepEqual(ask(session, context, "SENTINEL", "get-master-addr-by-name", "kv"), ["sim-a-001.sim.local", "6379"]);
  assert.equal(ask(session, context, "RESET"), "RESET");
  assert.equal(session.authenticated, false, "RESET signs the client out, as in Redis");
  assert.equal(ask(session, context, "AUTH", "default", "s3cret"), "OK");

  const viaHello = newSession(2, T0);
  assert.deepEqual(ask(viaHello, context, "HELLO", "2", "AUTH", "default", "bad"), { error: "WRONGPASS invalid username-password pair or user is disabled." });
  assert.equal((ask(viaHello, context, "HELLO", "2", "AUTH", "default", "s3cret") as unknown[])[0], "server");
  assert.equal(viaHello.authenticated, true);

  const quitter = newSession(3, T0);
  const quit = handleCommand(quitter, ["QUIT"], context);
  assert.equal(quit.close, true);
  assert.deepEqual(quit.replies.map(value), ["OK"]);
});

test("without a password: AUTH <pass> is an error clients recognise, AUTH default <anything> is accepted", () => {
  const session = newSession(1, T0);
  assert.match((ask(session, ctx(), "AUTH", "x") as { error: string }).error, /without any password configured for the default user/);
  assert.equal(ask(session, ctx(), "AUTH", "default", "x"), "OK");
  assert.deepEqual(ask(session, ctx(), "AUTH", "other", "x"), { error: "WRONGPASS invalid username-password pair or user is disabled." });
});

test("passwordMatches compares by content, whatever the lengths", () => {
  assert.equal(passwordMatches("abc", "abc"), true);
  assert.equal(passwordMatches("abc", "abcd"), false);
  assert.equal(passwordMatches("abc", ""), false);
});

test("SUBSCRIBE / PSUBSCRIBE / UNSUBSCRIBE / PUNSUBSCRIBE count like Redis; subscriber mode allows only those and PING", () => {
  const session = newSession(1, T0);
  assert.deepEqual(handleCommand(session, ["SUBSCRIBE", "+switch-master", "+sdown"], ctx()).replies.map(value), [
    ["subscribe", "+switch-master", 1],
    ["subscribe", "+sdown", 2],
  ]);
  assert.deepEqual(ask(session, ctx(), "PSUBSCRIBE", "*"), ["psubscribe", "*", 3]);
  assert.deepEqual(ask(session, ctx(), "PING"), ["pong", ""]);
  assert.match((ask(session, ctx(), "SENTINEL", "masters") as { error: string }).error, /^ERR Can't execute 'sentinel': only \(P\|S\)SUBSCRIBE/);
  assert.deepEqual(deliveries(session, "+switch-master", "kv a 1 b 2").map(value), [
    ["message", "+switch-master", "kv a 1 b 2"],
    ["pmessage", "*", "+switch-master", "kv a 1 b 2"],
  ]);
  assert.deepEqual(deliveries(session, "+odown", "x").map(value), [["pmessage", "*", "+odown", "x"]]);
  assert.deepEqual(handleCommand(session, ["UNSUBSCRIBE"], ctx()).replies.map(value), [
    ["unsubscribe", "+switch-master", 2],
    ["unsubscribe", "+sdown", 1],
  ]);
  assert.deepEqual(ask(session, ctx(), "PUNSUBSCRIBE"), ["punsubscribe", "*", 0]);
  assert.deepEqual(ask(session, ctx(), "UNSUBSCRIBE"), ["unsubscribe", null, 0]);
  assert.deepEqual(run(session, ctx(), "UNSUBSCRIBE"), ["*3\r\n$11\r\nunsubscribe\r\n$-1\r\n:0\r\n"], "the wire form real Sentinel sends");
  assert.deepEqual(deliveries(session, "+switch-master", "kv a 1 b 2"), []);
  assert.deepEqual(ask(session, ctx(), "SUBSCRIBE"), { error: "ERR wrong number of arguments for 'subscribe' command" });
});
