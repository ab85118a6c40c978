import { createServer, type Server, type Socket } from "node:net";
import RedisParser from "redis-parser";
import { deliveries, handleCommand, newSession, type CommandContext, type Session } from "./commands";
import { encodeReply, error, type Reply } from "./resp";

export type SentinelServerLimits = {
  /** Bytes of one command (all its arguments) still being received; more closes the connection. */
  maxCommandBytes: number;
  /** Arguments of one command. */
  maxArguments: number;
  /** Connections at once; the next is answered `-ERR max number of clients reached` and closed. */
  maxConnections: number;
  /** Replies not yet taken by a slow client (a subscriber that stopped reading): past it, it is cut off. */
  maxOutputBytes: number;
};

export const DEFAULT_LIMITS: SentinelServerLimits = {
  maxCommandBytes: 64 * 1024,
  maxArguments: 64,
  maxConnections: 10_000,
  maxOutputBytes: 32 * 1024 * 1024,
};

export type SentinelServer = {
  /** The bound port (the configured one, or the one the system chose for port 0). */
  port: number;
  /** Sends `payload` to every session subscribed to `channel` (or a matching pattern). */
  publish: (channel: string, payload: string) => number;
  connections: () => number;
  close: () => Promise<void>;
};

type Connection = { socket: Socket; session: Session };

/**
 * The RESP server: one session per connection, commands parsed by redis-parser and answered by
 * `handleCommand`. Idle clients are kept (Sentinel's `timeout 0`: subscribers wait for hours);
 * what is bounded is what one client can make the process hold: a command's size, its argument
 * count, the number of connections and unread replies.
 */
export async function startSentinelServer(options: {
  host: string;
  port: number;
  context: () => Omit<CommandContext, "now" | "port" | "connectedClients">;
  limits?: Partial<SentinelServerLimits>;
}): Promise<SentinelServer> {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const connections = new Set<Connection>();
  let nextId = 1;
  let boundPort = options.port;

  const send = (connection: Connection, replies: readonly Reply[]) => {
    const { socket } = connection;
    if (socket.destroyed || replies.length === 0) return;
    socket.write(Buffer.concat(replies.map(encodeReply)));
    if (socket.writableLength > limits.maxOutputBytes) socket.destroy();
  };

  const refuse = (connection: Connection, message: string) => {
    send(connection, [error(message)]);
    connection.socket.end();
    connection.socket.destroySoon?.();
  };

  const serve = (socket: Socket) => {
    socket.setNoDelay(true);
    socket.setKeepAlive(true, 60_000);
    socket.on("error", () => undefined);
    const session = newSession(nextId++, Date.now(), {
      addr: `${socket.remoteAddress ?? ""}:${socket.remotePort ?? 0}`,
      laddr: `${socket.localAddress ?? ""}:${socket.localPort ?? 0}`,
    });
    const connection: Connection = { socket, session };
    if (connections.size >= limits.maxConnections) {
      refuse(connection, "ERR max number of clients reached");
      return;
    }
    connections.add(connection);
    socket.once("close", () => connections.delete(connection));
    /** Bytes received since the last complete command: what a half-sent command holds in the parser. */
    let pending = 0;
    let closing = false;
    const parser = new RedisParser({
      returnReply: (reply: unknown) => {
        pending = 0;
        if (closing) return;
        if (!Array.isArray(reply) || reply.length === 0 || !reply.every((arg) => typeof arg === "string")) {
          closing = true;
          refuse(connection, "ERR Protocol error: expected an array of bulk strings");
          return;
        }
        if (reply.length > limits.maxArguments) {
          closing = true;
          refuse(connection, "ERR Protocol error: too many arguments");
          return;
        }
        const outcome = handleCommand(session, reply as string[], { ...options.context(), now: Date.now(), port: boundPort, connectedClients: connections.size });
        send(connection, outcome.replies);
        if (outcome.close) {
          closing = true;
          socket.end();
        }
      },
      returnError: () => {
        closing = true;
        refuse(connection, "ERR Protocol error: expected an array of bulk strings");
      },
      returnFatalError: () => {
        closing = true;
        refuse(connection, "ERR Protocol error: invalid request");
      },
    });
    socket.on("data", (chunk: Buffer) => {
      if (closing) return;
      pending += chunk.length;
      try {
        parser.execute(chunk);
      } catch {
        closing = true;
        refuse(connection, "ERR Protocol error: invalid request");
        return;
      }
      // An incomplete command (a huge bulk length, a never-ending array) is cut off before it grows.
      if (!closing && pending > limits.maxCommandBytes) {
        closing = true;
        refuse(connection, "ERR Protocol error: command too large");
      }
    });
  };

  const server: Server = createServer(serve);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address();
  if (address && typeof address === "object") boundPort = address.port;

  return {
    port: boundPort,
    publish(channel, payload) {
      let receivers = 0;
      for (const connection of connections) {
        const replies = deliveries(connection.session, channel, payload);
        if (replies.length === 0) continue;
        receivers += 1;
        send(connection, replies);
      }
      return receivers;
    },
    connections: () => connections.size,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const connection of connections) connection.socket.destroy();
      }),
  };
}
