import "server-only";
import type { Socket } from "socket.io";

export type Corkable = { cork(): void; uncork(): void };

type MaybeTransport = { transport?: { socket?: { _socket?: Partial<Corkable> } } };

/**
 * The TCP socket under a Socket.IO websocket connection, so a burst of acknowledgements to one
 * agent leaves in one write instead of one syscall each (profiling showed writev as the largest
 * single cost at saturation). Reaches into engine.io/ws internals, hence the defensive typing:
 * without a corkable socket, writes simply go out one by one as before.
 */
export function corkableOf(socket: Socket): Corkable | null {
  const tcp = (socket.conn as unknown as MaybeTransport).transport?.socket?._socket;
  if (!tcp || typeof tcp.cork !== "function" || typeof tcp.uncork !== "function") return null;
  return tcp as Corkable;
}

/** Runs `send` with every given channel corked, then releases them all at once. */
export function coalescingWrites(channels: Iterable<Corkable>, send: () => void): void {
  const corked: Corkable[] = [];
  for (const channel of channels) {
    channel.cork();
    corked.push(channel);
  }
  try {
    send();
  } finally {
    for (const channel of corked) channel.uncork();
  }
}
