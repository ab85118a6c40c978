import "server-only";

/**
 * Process-global (Symbol.for), like lib/realtime/ui-sessions.ts: route handlers are bundled apart
 * from server.ts, where the leader's alert job registers itself, but run in the same process.
 * On an instance that is not the leader nothing is registered and the leader's own second tick
 * picks the change up.
 */
const KEY = Symbol.for("vigil.alert-nudge");
type GlobalWithNudge = typeof globalThis & { [KEY]?: (() => void) | null };

export function registerAlertNudge(nudge: (() => void) | null): void {
  (globalThis as GlobalWithNudge)[KEY] = nudge;
}

/** Runs an alert round now (an alert arrived, a person acknowledged or resolved a page) instead of within the second. */
export function nudgeAlerts(): void {
  (globalThis as GlobalWithNudge)[KEY]?.();
}
