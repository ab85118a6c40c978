import type { LiveFleet } from "./live-fleet";

/** What route handlers may read of this process's live state instead of the database. */
export type LiveView = {
  fleet: LiveFleet;
  rates: () => { heartbeatsPerSec: number; logsPerSec: number };
};

/**
 * Process-global (Symbol.for), like the config and database slots: route handlers are bundled
 * apart from server.ts but run in the same process, next to the fleet the runtime keeps live.
 */
const LIVE_KEY = Symbol.for("vigil.live");
type GlobalWithLive = typeof globalThis & { [LIVE_KEY]?: LiveView | null };

export function publishLiveView(view: LiveView | null): void {
  (globalThis as GlobalWithLive)[LIVE_KEY] = view;
}

/** Null where no runtime runs (scripts, tests of the store): callers read the database then. */
export function liveView(): LiveView | null {
  return (globalThis as GlobalWithLive)[LIVE_KEY] ?? null;
}
