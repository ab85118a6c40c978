import type { LiveFleet } from "./live-fleet";
import type { Steering } from "../auth/steering";
import type { VigilHealth } from "../protocol/api/problems";

/** What route handlers may read of this process's live state instead of the database. */
export type LiveView = {
  fleet: LiveFleet;
  rates: () => { heartbeatsPerSec: number; logsPerSec: number };
  /** Applies an operator's steering decision to the live fleet here and on the other instances. */
  steer: (nodeId: string, steering: Steering) => void;
  /** Takes a decommissioned node out of the live fleet and cuts off its agent, on every instance. */
  decommission: (nodeId: string) => void;
  /** This instance's own health (lag, backlog, grace, lease, node writes), judged by lib/problems. */
  health?: () => VigilHealth;
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
