import "server-only";
import type { ProblemsView } from "../protocol/api/problems";
import type { UiFeed } from "../realtime/ui-namespace";
import type { Db } from "../store/prisma";
import { currentProblems } from "../store/problems";

/** How often the summary is recomputed while a browser is connected; a nudge brings it forward. */
const WATCH_MS = 2_000;
/** Nudges (a state change, a recovery round) coalesce to one read this soon after the first. */
const NUDGE_DELAY_MS = 300;

/**
 * Pushes `problems:changed` to this instance's browsers whenever the summary changed, so the
 * Overview and the sidebar follow without reloading. It reads only while a browser is connected,
 * and sends only a changed answer (compared without its timestamp or the lag's jitter).
 */
export function startProblemsWatch(deps: { db: Db; ui: Pick<UiFeed, "hasBrowsers" | "problems"> }): { nudge: () => void; stop: () => void } {
  let last = "";
  let running = false;
  let stopped = false;
  let nudged: ReturnType<typeof setTimeout> | null = null;

  const check = async () => {
    if (running || stopped || !deps.ui.hasBrowsers()) return;
    running = true;
    try {
      const view = await currentProblems(deps.db, Date.now());
      const digest = digestOf(view);
      if (digest !== last) {
        last = digest;
        deps.ui.problems(view);
      }
    } catch (error) {
      console.error(`[problems] cannot summarise: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      running = false;
    }
  };

  const timer = setInterval(() => void check(), WATCH_MS);
  timer.unref();
  return {
    nudge() {
      if (nudged || stopped) return;
      nudged = setTimeout(() => {
        nudged = null;
        void check();
      }, NUDGE_DELAY_MS);
    },
    stop() {
      stopped = true;
      clearInterval(timer);
      if (nudged) clearTimeout(nudged);
    },
  };
}

function digestOf(view: ProblemsView): string {
  const health = view.health ? { ...view.health, eventLoopLagMs: 0, ingestBacklogMs: 0 } : null;
  // Messages quote live seconds ("lifts in 41 s"); the level and kinds are what change the picture.
  const conditions = health?.conditions.map((c) => `${c.kind}:${c.severity}`) ?? [];
  return JSON.stringify({ ...view, at: 0, health: health ? { ...health, conditions } : null });
}
