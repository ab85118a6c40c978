import "server-only";
import type { ProblemsView } from "../protocol/api/problems";
import type { Db } from "./prisma";
import { redactAction } from "../auth/redaction";
import { liveView } from "../fleet/live-view";
import { RECENT_RECOVERY_MS, summariseProblems, type ProblemAction } from "../problems/summarise-problems";
import { listAlerts } from "./alerting";
import { listIncidents } from "./incidents";
import { currentNodeViews } from "./nodes";
import { listActions, loadKillSwitch } from "./recovery";
import { loadRecoveryView } from "./recovery-status";

/** Enough recent actions to cover a busy quarter of an hour; older ones are not "recent". */
const ACTION_WINDOW = 200;

/**
 * What is wrong now, for the Overview, the sidebar and the `/ui` push: the live fleet and this
 * instance's health from the runtime, alerts, incidents and recovery from the database. The same
 * answer goes to every viewer, so outcomes are redacted as for one (hook answers and URLs).
 */
export async function currentProblems(db: Db, now: number): Promise<ProblemsView> {
  const [nodes, alerts, open, acknowledged, view, killSwitch, actions] = await Promise.all([
    currentNodeViews(db),
    listAlerts(db, { status: "firing", limit: 5000 }),
    listIncidents(db, { status: "open", limit: 1000 }),
    listIncidents(db, { status: "acknowledged", limit: 1000 }),
    loadRecoveryView(db, now),
    loadKillSwitch(db),
    listActions(db, { limit: ACTION_WINDOW }),
  ]);
  const freezes = [...view.freezes];
  // The kill switch is the operator's at once; the planner's view shows it only after its next round.
  if (killSwitch.frozen && !freezes.some((f) => f.kind === "kill-switch")) {
    freezes.push({ id: "kill-switch", kind: "kill-switch", scope: "all", reason: killSwitch.reason ?? "frozen by an operator", since: killSwitch.at ?? now, until: null });
  }
  const relevant: ProblemAction[] = actions.items
    .filter((a) => !a.dryRun && (a.state === "running" || a.state === "planned" || (a.finishedAt !== null && now - a.finishedAt <= RECENT_RECOVERY_MS)))
    .map(redactAction)
    .map((a) => ({ id: a.id, kind: a.kind, target: a.target, state: a.state, groupId: a.groupId, createdAt: a.createdAt, finishedAt: a.finishedAt, outcome: a.outcome, source: a.source }));
  return summariseProblems({
    now,
    nodes,
    alerts: alerts.items,
    incidents: [...open.items, ...acknowledged.items],
    recovery: { freezes: killSwitch.frozen ? freezes : freezes.filter((f) => f.kind !== "kill-switch"), blocks: view.blocks, killSwitch },
    actions: relevant,
    health: liveView()?.health?.() ?? null,
  });
}
