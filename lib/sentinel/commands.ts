import { createHash, timingSafeEqual } from "node:crypto";
import { globMatch } from "./glob";
import type { SentinelMaster, SentinelReplica, SentinelView } from "./masters";
import { NULL_ARRAY, OK, array, bulk, error, fieldArray, integer, simple, type Reply } from "./resp";

/** The Redis version the endpoint reports (HELLO, INFO): one whose Sentinel answers like this. */
export const REDIS_COMPAT_VERSION = "7.0.0";

/** One client connection's state. The handler updates it in place; nothing else does. */
export type Session = {
  id: number;
  authenticated: boolean;
  name: string | null;
  channels: Set<string>;
  patterns: Set<string>;
  /** The peer and local addresses, for CLIENT INFO / LIST. */
  addr: string;
  laddr: string;
  createdAt: number;
};

export function newSession(id: number, now: number, addresses: { addr: string; laddr: string } = { addr: "", laddr: "" }): Session {
  return { id, authenticated: false, name: null, channels: new Set(), patterns: new Set(), createdAt: now, ...addresses };
}

export type CommandContext = {
  /** Null: no password, every client is let in (Sentinel's default). */
  password: string | null;
  view: () => SentinelView;
  now: number;
  /** This endpoint's id (SENTINEL MYID) and port (INFO). */
  myId: string;
  port: number;
  /** Reported as down-after-milliseconds: how long an unheard primary takes to be judged down. */
  downAfterMs: number;
  connectedClients: number;
};

export type Outcome = { replies: Reply[]; close?: boolean };

const one = (reply: Reply, close = false): Outcome => (close ? { replies: [reply], close } : { replies: [reply] });

/** Commands a client may send before it authenticated (Redis' no-auth commands). */
const NO_AUTH = new Set(["auth", "hello", "quit"]);
/** What Redis allows in RESP2 subscriber mode. */
const SUBSCRIBER_COMMANDS = new Set(["subscribe", "psubscribe", "unsubscribe", "punsubscribe", "ping", "quit", "reset"]);

const NOAUTH = error("NOAUTH Authentication required.");
const WRONGPASS = error("WRONGPASS invalid username-password pair or user is disabled.");
const NO_SUCH_MASTER = error("ERR No such master with that name");

const wrongArity = (name: string) => error(`ERR wrong number of arguments for '${name}' command`);

/** Redis' wording, with the first arguments quoted (each cut to 128 characters). */
function unknownCommand(argv: readonly string[]): Reply {
  const args = argv.slice(1).map((arg) => `'${arg.slice(0, 128)}' `).join("");
  return error(`ERR unknown command '${argv[0].slice(0, 128)}', with args beginning with: ${args}`);
}

const digest = (text: string) => createHash("sha256").update(text, "utf8").digest();

/** Constant time in the password's content: both sides are hashed to the same length first. */
export function passwordMatches(expected: string, given: string): boolean {
  return timingSafeEqual(digest(expected), digest(given));
}

/** `AUTH [user] pass` and HELLO's AUTH option: the one user is Redis' `default`. */
function authenticate(session: Session, ctx: CommandContext, user: string | null, pass: string): Reply {
  if (ctx.password === null) {
    if (user === null) return error("ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?");
    if (user !== "default") return WRONGPASS;
    session.authenticated = true;
    return OK;
  }
  const ok = (user === null || user === "default") && passwordMatches(ctx.password, pass);
  session.authenticated = ok;
  return ok ? OK : WRONGPASS;
}

const needsAuth = (session: Session, ctx: CommandContext) => ctx.password !== null && !session.authenticated;
const subscriptionCount = (session: Session) => session.channels.size + session.patterns.size;
const inSubscriberMode = (session: Session) => subscriptionCount(session) > 0;

/**
 * One command, as Redis Sentinel answers it over RESP2. Pure: the view and the clock come in
 * through `ctx`; the session is updated in place (authentication, name, subscriptions).
 */
export function handleCommand(session: Session, argv: readonly string[], ctx: CommandContext): Outcome {
  if (argv.length === 0) return one(error("ERR empty command"));
  const name = argv[0].toLowerCase();
  if (needsAuth(session, ctx) && !NO_AUTH.has(name)) return one(NOAUTH);
  if (inSubscriberMode(session) && !SUBSCRIBER_COMMANDS.has(name)) {
    return one(error(`ERR Can't execute '${name}': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context`));
  }
  const args = argv.slice(1);
  switch (name) {
    case "ping":
      if (args.length > 1) return one(wrongArity("ping"));
      if (inSubscriberMode(session)) return one(array([bulk("pong"), bulk(args[0] ?? "")]));
      return one(args.length === 1 ? bulk(args[0]) : simple("PONG"));
    case "echo":
      return one(args.length === 1 ? bulk(args[0]) : wrongArity("echo"));
    case "auth":
      if (args.length < 1 || args.length > 2) return one(wrongArity("auth"));
      return one(args.length === 2 ? authenticate(session, ctx, args[0], args[1]) : authenticate(session, ctx, null, args[0]));
    case "hello":
      return one(hello(session, args, ctx));
    case "client":
      return one(client(session, args, ctx));
    case "sentinel":
      return one(sentinel(args, ctx));
    case "role":
      return one(array([bulk("sentinel"), array([...ctx.view().keys()].map((master) => bulk(master)))]));
    case "info":
      return one(bulk(info(args[0]?.toLowerCase() ?? "default", ctx)));
    case "subscribe":
    case "psubscribe":
      if (args.length === 0) return one(wrongArity(name));
      return { replies: subscribe(session, name, args) };
    case "unsubscribe":
    case "punsubscribe":
      return { replies: unsubscribe(session, name, args) };
    case "reset":
      session.channels.clear();
      session.patterns.clear();
      session.name = null;
      session.authenticated = false;
      return one(simple("RESET"));
    case "quit":
      return one(OK, true);
    case "command":
      // redis-cli asks for command docs to offer hints; an empty answer is a valid one.
      return one(array([]));
    default:
      return one(unknownCommand(argv));
  }
}

/** `HELLO [protover [AUTH user pass] [SETNAME name]]`: RESP2 only; the reply is Sentinel's. */
function hello(session: Session, args: readonly string[], ctx: CommandContext): Reply {
  if (args.length > 0) {
    const version = Number(args[0]);
    if (!/^-?\d+$/.test(args[0]) || !Number.isSafeInteger(version)) return error("ERR Protocol version is not an integer or out of range");
    if (version !== 2) return error("NOPROTO unsupported protocol version");
  }
  let auth: { user: string; pass: string } | null = null;
  let setName: string | null = null;
  for (let i = 1; i < args.length; i++) {
    const option = args[i].toLowerCase();
    if (option === "auth" && i + 2 < args.length) {
      auth = { user: args[i + 1], pass: args[i + 2] };
      i += 2;
    } else if (option === "setname" && i + 1 < args.length) {
      setName = args[i + 1];
      i += 1;
    } else {
      return error(`ERR Syntax error in HELLO option '${args[i]}'`);
    }
  }
  if (auth) {
    const result = authenticate(session, ctx, auth.user, auth.pass);
    if (result.kind === "error") return result;
  }
  if (needsAuth(session, ctx)) {
    return error(
      "NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time",
    );
  }
  if (setName !== null) {
    if (!validClientName(setName)) return error("ERR Client names cannot contain spaces, newlines or special characters.");
    session.name = setName === "" ? null : setName;
  }
  return array([
    bulk("server"), bulk("redis"),
    bulk("version"), bulk(REDIS_COMPAT_VERSION),
    bulk("proto"), integer(2),
    bulk("id"), integer(session.id),
    bulk("mode"), bulk("sentinel"),
    bulk("modules"), array([]),
  ]);
}

/** Printable ASCII without spaces, as Redis requires of client names. */
const validClientName = (name: string) => /^[\x21-\x7e]*$/.test(name);

function clientLine(session: Session, ctx: CommandContext): string {
  const age = Math.max(0, Math.floor((ctx.now - session.createdAt) / 1000));
  const flags = inSubscriberMode(session) ? "P" : "N";
  return `id=${session.id} addr=${session.addr} laddr=${session.laddr} name=${session.name ?? ""} age=${age} idle=0 flags=${flags} db=0 sub=${session.channels.size} psub=${session.patterns.size} user=default resp=2\n`;
}

/** What clients send on connect (SETNAME, SETINFO, ...) is accepted; the rest answers like Redis. */
function client(session: Session, args: readonly string[], ctx: CommandContext): Reply {
  const sub = args[0]?.toLowerCase();
  switch (sub) {
    case "setname":
      if (args.length !== 2) return wrongArity("client|setname");
      if (!validClientName(args[1])) return error("ERR Client names cannot contain spaces, newlines or special characters.");
      session.name = args[1] === "" ? null : args[1];
      return OK;
    case "getname":
      return bulk(session.name);
    case "id":
      return integer(session.id);
    case "info":
      return bulk(clientLine(session, ctx));
    case "list":
      return bulk(clientLine(session, ctx));
    case "setinfo":
      if (args.length !== 3) return wrongArity("client|setinfo");
      return OK;
    case "no-evict":
    case "no-touch":
    case "reply":
      return OK;
    case undefined:
      return wrongArity("client");
    default:
      return error(`ERR unknown subcommand '${args[0]}'. Try CLIENT HELP.`);
  }
}

const SENTINEL_HELP = [
  "SENTINEL <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
  "GET-MASTER-ADDR-BY-NAME <master-name>",
  "    Return the ip and port number of the master with that name (a Vigil replica group id).",
  "MASTERS",
  "    Show a list of monitored masters and their state.",
  "MASTER <master-name>",
  "    Show the state and info of the specified master.",
  "REPLICAS <master-name>",
  "    Show a list of replicas for this master and their state.",
  "SENTINELS <master-name>",
  "    Show a list of Sentinel instances for this master and their state.",
  "MYID",
  "    Return the ID of this endpoint.",
  "CKQUORUM <master-name>",
  "    Check if the current configuration is able to reach the quorum needed to failover.",
  "FAILOVER is not supported: use Vigil's switchover (POST /api/v1/replica-groups/<id>/switchover).",
];

const NOT_CONFIGURABLE = new Set(["monitor", "remove", "set", "reset", "flushconfig", "config", "simulate-failure", "debug", "is-master-down-by-addr", "info-cache", "pending-scripts"]);

function sentinel(args: readonly string[], ctx: CommandContext): Reply {
  const sub = args[0]?.toLowerCase();
  if (sub === undefined) return wrongArity("sentinel");
  const masterArg = (): SentinelMaster | Reply => {
    if (args.length !== 2) return wrongArity(`sentinel|${sub}`);
    return ctx.view().get(args[1]) ?? NO_SUCH_MASTER;
  };
  switch (sub) {
    case "get-master-addr-by-name": {
      if (args.length !== 2) return wrongArity("sentinel|get-master-addr-by-name");
      const master = ctx.view().get(args[1]);
      return master ? array([bulk(master.host), bulk(master.port)]) : NULL_ARRAY;
    }
    case "masters":
      if (args.length !== 1) return wrongArity("sentinel|masters");
      return array([...ctx.view().values()].map((master) => masterFields(master, ctx)));
    case "master": {
      const master = masterArg();
      return "kind" in master ? master : masterFields(master, ctx);
    }
    case "replicas":
    case "slaves": {
      const master = masterArg();
      return "kind" in master ? master : array(master.replicas.map((replica) => replicaFields(replica, master, ctx)));
    }
    case "sentinels": {
      const master = masterArg();
      // Each Vigil instance answers from the fleet it shares with the others: there are no peers to vote with.
      return "kind" in master ? master : array([]);
    }
    case "ckquorum": {
      const master = masterArg();
      return "kind" in master ? master : simple("OK 1 usable Sentinels. Quorum and failover authorization can be reached");
    }
    case "myid":
      return bulk(ctx.myId);
    case "help":
      return array(SENTINEL_HELP.map((line) => simple(line)));
    case "failover":
      return error("ERR SENTINEL FAILOVER is not supported by Vigil: use a switchover (POST /api/v1/replica-groups/<id>/switchover)");
    default:
      if (NOT_CONFIGURABLE.has(sub)) return error(`ERR SENTINEL ${sub.toUpperCase()} is not supported by Vigil: replica groups are configured from the agents`);
      return error(`ERR unknown subcommand '${args[0]}'. Try SENTINEL HELP.`);
  }
}

const since = (now: number, at: number | null) => (at === null ? 0 : Math.max(0, now - at));

function masterFields(master: SentinelMaster, ctx: CommandContext): Reply {
  const lastHeard = since(ctx.now, master.lastHeartbeatAt);
  return fieldArray([
    ["name", master.name],
    ["ip", master.host],
    ["port", master.port],
    ["runid", master.nodeId],
    ["flags", master.down ? "master,s_down,o_down" : "master"],
    ["link-pending-commands", 0],
    ["link-refcount", 1],
    ["last-ping-sent", 0],
    ["last-ok-ping-reply", lastHeard],
    ["last-ping-reply", lastHeard],
    ["down-after-milliseconds", ctx.downAfterMs],
    ["info-refresh", lastHeard],
    ["role-reported", "master"],
    ["role-reported-time", since(ctx.now, master.primarySince)],
    ["config-epoch", master.epoch],
    ["num-slaves", master.replicas.length],
    ["num-other-sentinels", 0],
    ["quorum", 1],
    ["failover-timeout", 180_000],
    ["parallel-syncs", 1],
  ]);
}

function replicaFields(replica: SentinelReplica, master: SentinelMaster, ctx: CommandContext): Reply {
  const lastHeard = since(ctx.now, replica.lastHeartbeatAt);
  return fieldArray([
    ["name", `${replica.host}:${replica.port}`],
    ["ip", replica.host],
    ["port", replica.port],
    ["runid", replica.nodeId],
    ["flags", replica.down ? "slave,s_down" : "slave"],
    ["link-pending-commands", 0],
    ["link-refcount", 1],
    ["last-ping-sent", 0],
    ["last-ok-ping-reply", lastHeard],
    ["last-ping-reply", lastHeard],
    ["down-after-milliseconds", ctx.downAfterMs],
    ["info-refresh", lastHeard],
    ["role-reported", "slave"],
    ["role-reported-time", 0],
    ["master-link-down-time", 0],
    ["master-link-status", replica.linkUp === false ? "err" : "ok"],
    ["master-host", master.host],
    ["master-port", master.port],
    ["slave-priority", 100],
    ["slave-repl-offset", replica.offset ?? 0],
    ["replica-announced", 1],
  ]);
}

/** INFO's sections a Sentinel has; Vigil fills the ones clients and scripts read. */
function info(section: string, ctx: CommandContext): string {
  const all = section === "all" || section === "everything" || section === "default";
  const parts: string[] = [];
  if (all || section === "server") {
    parts.push(["# Server", `redis_version:${REDIS_COMPAT_VERSION}`, "redis_mode:sentinel", `run_id:${ctx.myId}`, `tcp_port:${ctx.port}`].join("\r\n"));
  }
  if (all || section === "clients") parts.push(["# Clients", `connected_clients:${ctx.connectedClients}`].join("\r\n"));
  if (all || section === "sentinel") {
    const masters = [...ctx.view().values()];
    parts.push(
      [
        "# Sentinel",
        `sentinel_masters:${masters.length}`,
        "sentinel_tilt:0",
        "sentinel_running_scripts:0",
        "sentinel_scripts_queue_length:0",
        ...masters.map(
          (master, i) =>
            `master${i}:name=${master.name},status=${master.down ? "odown" : "ok"},address=${master.host}:${master.port},slaves=${master.replicas.length},sentinels=1`,
        ),
      ].join("\r\n"),
    );
  }
  return parts.length ? `${parts.join("\r\n\r\n")}\r\n` : "";
}

function subscribe(session: Session, name: "subscribe" | "psubscribe", targets: readonly string[]): Reply[] {
  const set = name === "subscribe" ? session.channels : session.patterns;
  return targets.map((target) => {
    set.add(target);
    return array([bulk(name), bulk(target), integer(subscriptionCount(session))]);
  });
}

function unsubscribe(session: Session, name: "unsubscribe" | "punsubscribe", targets: readonly string[]): Reply[] {
  const set = name === "unsubscribe" ? session.channels : session.patterns;
  const leaving = targets.length > 0 ? targets : [...set];
  if (leaving.length === 0) return [array([bulk(name), bulk(null), integer(subscriptionCount(session))])];
  return leaving.map((target) => {
    set.delete(target);
    return array([bulk(name), bulk(target), integer(subscriptionCount(session))]);
  });
}

/** What a published message sends this session: a `message` if it listens on the channel, a `pmessage` per matching pattern. */
export function deliveries(session: Session, channel: string, payload: string): Reply[] {
  const replies: Reply[] = [];
  if (session.channels.has(channel)) replies.push(array([bulk("message"), bulk(channel), bulk(payload)]));
  for (const pattern of session.patterns) {
    if (globMatch(pattern, channel)) replies.push(array([bulk("pmessage"), bulk(pattern), bulk(channel), bulk(payload)]));
  }
  return replies;
}
