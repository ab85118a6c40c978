import "server-only";

/** Whose live `/ui` sockets to act on: any socket matching one of the given ids. */
export type LiveConnectionMatch = { sessionId?: string; userId?: string; tokenId?: string };

type Handlers = {
  cutOff: (match: LiveConnectionMatch) => void;
  recheck: (match: LiveConnectionMatch) => Promise<void>;
};

/**
 * Process-global (Symbol.for), like lib/fleet/live-view.ts: route handlers are bundled apart
 * from server.ts, where the `/ui` namespace registers itself, but run in the same process.
 */
const KEY = Symbol.for("vigil.ui-sessions");
type GlobalWithHandlers = typeof globalThis & { [KEY]?: Handlers | null };

export function registerLiveConnections(handlers: Handlers | null): void {
  (globalThis as GlobalWithHandlers)[KEY] = handlers;
}

/**
 * Disconnects the `/ui` sockets opened with that session, by that user or with that API token:
 * at once on this instance, and through the Socket.IO adapter on the others (each instance's
 * periodic re-check, every 15 s, catches whatever a lost adapter message missed). Call after
 * the change is committed (logout, password change, user deletion, token revocation).
 */
export function cutOffLiveConnections(match: LiveConnectionMatch): void {
  (globalThis as GlobalWithHandlers)[KEY]?.cutOff(match);
}

/** Re-reads the credentials of the matching sockets on this instance now (a role change); the others re-check within 15 s. */
export async function recheckLiveConnections(match: LiveConnectionMatch): Promise<void> {
  await (globalThis as GlobalWithHandlers)[KEY]?.recheck(match);
}
