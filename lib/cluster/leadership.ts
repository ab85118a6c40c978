import "server-only";
import type { Db } from "../store/prisma";
import { acquireOrRenewLease, LEADER_LEASE, releaseLease, resumeLease, seizeLease, type LeaseHold } from "../store/lease";

export type Leadership = {
  isLeader: () => boolean;
  /** The lease this instance holds while it leads: every leader-only write is fenced with it. */
  hold: () => LeaseHold | null;
  /** Called with the new hold on election, with null when leadership is lost. */
  onChange: (listener: (hold: LeaseHold | null) => void) => void;
  stop: () => Promise<void>;
};

/** How often a follower tries an expired lease (at most TTL/10). */
const FOLLOWER_POLL_MS = 500;

/**
 * Leadership from a lease row with TTL. The leader renews every TTL/5 and steps down by itself
 * when it has not renewed for 4/5 of the TTL: before anyone else can take the expired lease
 * (written to last TTL minus a follower poll), assuming clocks within that margin of each other.
 * Writes are fenced in the database as well.
 *
 * A lone instance (no REDIS_URL) has nobody to hand over to: an event-loop stall or a database
 * hiccup longer than the TTL must not cost it the lease and a restart of every leader job. It
 * keeps leading through them and resumes its own lapsed lease under the same fence; it steps
 * down only when the lease is found taken (another instance was started on the same database).
 */
export function startLeadership(deps: {
  db: Db;
  instanceId: string;
  ttlMs: number;
  /** A lone instance takes the lease at once at start instead of waiting for it to expire. */
  alone: boolean;
  log?: (line: string) => void;
}): Leadership {
  const { db, instanceId, ttlMs } = deps;
  const log = deps.log ?? ((line: string) => console.log(`[leader] ${line}`));
  const renewEveryMs = Math.max(200, Math.floor(ttlMs / 5));
  const trustForMs = ttlMs - renewEveryMs;
  // The row expires a follower's poll early, so a dead leader is replaced within the TTL itself.
  const pollMs = Math.min(FOLLOWER_POLL_MS, Math.floor(ttlMs / 10));
  const leaseMs = ttlMs - pollMs;
  let current: LeaseHold | null = null;
  let renewedAt = 0;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let running: Promise<void> | null = null;
  const listeners: ((hold: LeaseHold | null) => void)[] = [];

  const change = (next: LeaseHold | null) => {
    const was = current;
    current = next;
    if (was?.fence === next?.fence) return;
    log(next ? `${instanceId} leads (fence ${next.fence})` : `${instanceId} is no longer leader${was ? ` (was fence ${was.fence})` : ""}`);
    for (const listener of listeners) listener(next);
  };

  let first = true;
  const attempt = async () => {
    const started = performance.now();
    try {
      const seize = first && deps.alone;
      first = false;
      const now = Date.now();
      const resumed = current ? await resumeLease(db, current, now, leaseMs) : null;
      const hold = seize
        ? await seizeLease(db, LEADER_LEASE, instanceId, now, leaseMs)
        : (resumed ?? (await acquireOrRenewLease(db, LEADER_LEASE, instanceId, now, leaseMs)));
      if (hold) renewedAt = started;
      // A lapse we noticed late comes back with a new fence: jobs restart from the database.
      if (hold && current && hold.fence !== current.fence) change(null);
      change(hold);
    } catch (error) {
      console.error("[leader] lease check failed", error);
      if (current && !deps.alone && performance.now() - renewedAt >= trustForMs) change(null);
    }
  };

  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = attempt().finally(() => {
        running = null;
        schedule();
      });
    }, current ? renewEveryMs : pollMs);
  };

  // Between renewals a leader must still stop on time if the database hangs.
  const watchdog = setInterval(() => {
    if (current && !deps.alone && performance.now() - renewedAt >= trustForMs) change(null);
  }, Math.min(250, renewEveryMs));
  watchdog.unref();

  running = attempt().finally(() => {
    running = null;
    schedule();
  });

  return {
    isLeader: () => current !== null && (deps.alone || performance.now() - renewedAt < trustForMs),
    hold: () => current,
    onChange: (listener) => {
      listeners.push(listener);
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      clearInterval(watchdog);
      await running;
      const hold = current;
      change(null);
      if (hold) await releaseLease(db, hold).catch((error) => console.error("[leader] cannot release the lease", error));
    },
  };
}
