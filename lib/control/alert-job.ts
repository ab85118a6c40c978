import "server-only";
import type { RecoveryEventInput } from "../alerts";
import type { LiveFleet } from "../fleet/live-fleet";
import type { LogView } from "../protocol/views";
import type { Db } from "../store/prisma";
import type { WebhookDispatcher } from "../webhooks";
import { DEFAULT_INHIBIT_RULES, detectPartitions, evaluateAlerts, LogRuleWindow, route } from "../alerts";
import { activeSilences, listMaintenance, loadAlertRules, routingReceivers } from "../store/alerting";
import { commitAlertRound, currentOutliers, latestGroupingRun, loadAlertJobState, type AlertJobState } from "../store/alert-state";
import { firingIncomingAlerts } from "../store/incoming-alerts";
import { listIncidents } from "../store/incidents";
import { loadRecoveryView } from "../store/recovery-status";
import { currentRingEpoch } from "../store/ring";
import { directReceivers, loadPagingRoutes, pagingRound } from "./paging";

const ALERT_TICK_MS = 1_000;
/** A nudge (a node went down, an alert arrived, a person acknowledged) runs a round this soon, coalescing a burst into one. */
const NUDGE_DELAY_MS = 25;
/** Recent log lines kept for log-pattern rules; older ones fall off (rules' windows are bounded by this). */
const LOG_BUFFER_MS = 15 * 60_000;
const LOG_BUFFER_MAX = 100_000;

/**
 * Once a second: evaluate alert rules over the live fleet, incidents and load groups, route the
 * alerts to receivers (grouping, silences, inhibition, maintenance), and write the alert changes,
 * the router's state and the resulting webhooks to the outbox in ONE transaction, so a crash can
 * neither lose a page nor send one twice. The dispatcher delivers from the outbox.
 */
export function startAlertJob(deps: {
  db: Db;
  fleet: LiveFleet;
  dispatcher: WebhookDispatcher;
  externalURL: string;
  recoveryEvents: () => RecoveryEventInput[];
}): {
  stop: () => void;
  onLogs: (entries: LogView[]) => void;
  /** Run a round now rather than at the next second. */
  nudge: () => void;
} {
  const { db, fleet, dispatcher } = deps;
  let state: AlertJobState | null = null;
  let running = false;
  const logs = new LogRuleWindow({ maxLines: LOG_BUFFER_MAX, maxAgeMs: LOG_BUFFER_MS });
  let skippedReported = 0;
  let skippedReportedAt = 0;
  /** Status last written per fingerprint: only changes are written, not every firing alert every second. */
  const written = new Map<string, string>();
  /**
   * The recovery job of this leadership term saves its view on its first round; an older one is
   * the previous process's (or leader's) and may hold a freeze that no longer exists.
   */
  const startedAt = Date.now();

  /** Nodes not heard from since this job started are a restart's, not a partition's (./alerts/partitions). */
  const partitionsSeenSince = Date.now();

  let nudgeTimer: ReturnType<typeof setTimeout> | null = null;
  /** A nudge that came while a round ran: what it was about may have missed that round. */
  let nudgedWhileRunning = false;
  const nudge = () => {
    if (nudgeTimer) return;
    nudgeTimer = setTimeout(() => {
      nudgeTimer = null;
      if (running) nudgedWhileRunning = true;
      else void tick();
    }, NUDGE_DELAY_MS);
  };

  const tick = async () => {
    if (running) return;
    running = true;
    try {
      state ??= await loadAlertJobState(db);
      const now = Date.now();
      const [rules, incidents, ring, outlierRows, latestRun, receivers, silences, maintenance, incoming, recoveryView, paging] = await Promise.all([
        loadAlertRules(db),
        listIncidents(db, { limit: 1000 }),
        currentRingEpoch(db),
        currentOutliers(db),
        latestGroupingRun(db),
        routingReceivers(db),
        activeSilences(db, now),
        listMaintenance(db, now, true),
        firingIncomingAlerts(db, now),
        loadRecoveryView(db, now),
        loadPagingRoutes(db),
      ]);
      // A freeze whose end has passed is over even if no round has saved a newer view yet.
      const freezes = recoveryView.at < startedAt ? [] : recoveryView.freezes.filter((freeze) => freeze.until === null || freeze.until > now);
      const nodes = fleet.views();
      const groupNames = new Map<number, string>();
      let hotShare = null;
      if (latestRun) {
        const groups = JSON.parse(latestRun.groups) as { id: number; name: string; size: number; rank: number }[];
        for (const g of groups) groupNames.set(g.id, g.name);
        const hottest = groups.find((g) => g.rank === 0);
        if (hottest) hotShare = { loadGroup: hottest.name, members: hottest.size, total: latestRun.nodes };
      }
      logs.setRules(rules.log);
      const recoveryEvents = deps.recoveryEvents();
      const evaluated = evaluateAlerts({
        now,
        nodes,
        incidents: incidents.items.filter((i) => i.status !== "resolved"),
        outliers: outlierRows.map((row) => ({
          nodeId: row.nodeId,
          loadGroup: groupNames.get(row.groupId) ?? String(row.groupId),
          metrics: row.outlierMetrics ? (JSON.parse(row.outlierMetrics) as { metric: string }[]).map((m) => m.metric) : [],
        })),
        hotShare,
        agentsBehind: ring
          ? nodes.filter((n) => n.connected && (n.placementEpoch ?? 0) < ring.epoch).map((n) => ({ nodeId: n.id, agentEpoch: n.placementEpoch, ringEpoch: ring.epoch }))
          : [],
        recoveryEvents,
        partitions: detectPartitions(nodes, partitionsSeenSince),
        freezes: freezes.map((freeze) => ({ kind: freeze.kind, reason: freeze.reason, since: freeze.since, until: freeze.until })),
        logCounts: logs.counts(now),
        rules,
        previous: state.evaluator,
      });
      // Alerts received from Prometheus' Alertmanager are routed like Vigil's own; escalation policies route like receivers.
      const routed = route(state.router, { now, alerts: [...evaluated.alerts, ...incoming], receivers: [...directReceivers(receivers, paging.config), ...paging.routes], silences, maintenance, inhibitRules: DEFAULT_INHIBIT_RULES });
      const paged = await pagingRound(db, {
        now,
        routed,
        config: paging.config,
        receivers,
        incidents: incidents.items,
        nodes,
        recoveryEvents: recoveryEvents.map((e) => ({ kind: e.kind, at: e.at, group: e.group ?? null, node: e.node ?? null, message: e.message })),
        externalURL: deps.externalURL,
        nextSeq: routed.state.nextSeq,
      });
      const next: AlertJobState = { evaluator: evaluated.state, router: { ...routed.state, nextSeq: paged.nextSeq } };
      const deliveries = paged.deliveries;
      const changedAlerts = evaluated.alerts.filter((alert) => written.get(alert.fingerprint) !== alert.status);
      await commitAlertRound(db, { changedAlerts, deliveries, state: next, now, pages: paged.pages, pageEvents: paged.events });
      state = next;
      for (const alert of evaluated.alerts) written.set(alert.fingerprint, alert.status);
      const current = new Set(evaluated.alerts.map((a) => a.fingerprint));
      for (const fingerprint of written.keys()) if (!current.has(fingerprint)) written.delete(fingerprint);
      if (deliveries.length) dispatcher.wake();
    } catch (error) {
      console.error("[alerts] tick failed", error);
      state = null; // reload what was committed
    } finally {
      running = false;
      if (nudgedWhileRunning) {
        nudgedWhileRunning = false;
        nudge();
      }
    }
  };

  const timer = setInterval(() => void tick(), ALERT_TICK_MS);
  return {
    stop: () => {
      clearInterval(timer);
      if (nudgeTimer) clearTimeout(nudgeTimer);
    },
    nudge,
    onLogs(entries) {
      const now = Date.now();
      logs.add(entries, now);
      const skipped = logs.skippedLines();
      if (skipped > skippedReported && now - skippedReportedAt >= 60_000) {
        console.warn(`[alerts] log rules skipped ${skipped - skippedReported} lines over their budget (one node over 100 lines/s, or the fleet over 100,000 pattern tests/s)`);
        skippedReported = skipped;
        skippedReportedAt = now;
      }
    },
  };
}
