import { resolveAlert, type Alert, type AlertStatus, type Labels } from "./alert";
import type { InhibitRuleInput } from "./inhibition";
import type { MaintenanceWindow } from "./maintenance";
import { muteReasons, type MuteInfo } from "./muting";
import { groupKeyFor, groupLabelsFor, receiverAccepts, type Receiver } from "./receivers";
import type { Silence } from "./silences";

/*
 * Routing: Alertmanager's dispatcher + notification pipeline as a pure state machine.
 *
 * Semantics followed (Alertmanager's, with the differences marked):
 * - Every receiver is its own route (like routes with `continue: true`): it takes the alerts its
 *   `severities` and `matchers` accept and splits them into groups by the `groupBy` label values
 *   (labels an alert lacks are left out of the group labels; "..." groups by all labels).
 * - A group is created by its first firing alert. Its first flush is `groupWaitMs` later, so
 *   alerts arriving meanwhile go out in the same notification. As in Alertmanager, a group whose
 *   alert started more than group_wait ago (e.g. after a restart) flushes at once.
 * - After a flush the next one is `groupIntervalMs` later (measured from the flush), again and
 *   again while the group exists. Changes between flushes wait for the next one.
 * - At a flush the group is compared with what the receiver was last told (the firing set of the
 *   last notification):
 *   · never notified: notify if anything fires ("new-group");
 *   · an alert fires that the receiver has not been told about: notify ("group-interval");
 *   · nothing fires any more but the receiver was told something fires: notify "resolved"
 *     (recorded even with sendResolved false, then just not emitted, so it is not repeated);
 *   · some told alerts resolved while others still fire: notify only with sendResolved;
 *   · otherwise, the firing set unchanged: re-send once `repeatIntervalMs` has passed since the
 *     last notification ("repeat"). Checked at flushes only, so a repeat goes out at the first
 *     flush after the repeat interval, as in Alertmanager.
 *   Resolved alerts the receiver never heard of are never sent. Resolved alerts leave the group
 *   after the flush; a group left empty is deleted (a new alert starts a new group, group_wait
 *   included).
 * - Muting (silences, maintenance windows, inhibition) is applied at flush time: a muted firing
 *   alert is left out of the notification as if absent. Difference from Alertmanager: muting an
 *   alert the receiver was already told about does not produce a "resolved" (the problem has not
 *   gone away, someone chose not to hear about it); the receiver gets its resolution when it
 *   really resolves. Only firing alerts inhibit, silenced ones included.
 * - `alerts` is the complete current set (evaluateAlerts' output): a firing alert a group holds
 *   that is absent from the input is taken as resolved now, so a lost "resolved" cannot leave a
 *   page open forever. (Alertmanager instead waits for endsAt / resolve_timeout.)
 * - `seq` comes from one counter across all groups, so it increases within every group and
 *   survives a group's deletion and re-creation. Downstream keeps order per groupKey by it.
 */

export type NotificationReason = "new-group" | "group-interval" | "repeat" | "resolved";

export type Notification = {
  receiverId: string;
  groupKey: string;
  groupLabels: Labels;
  /** Firing first, then resolved (resolved ones only with sendResolved). */
  alerts: Alert[];
  status: AlertStatus;
  reason: NotificationReason;
  seq: number;
};

export type RouteGroup = {
  key: string;
  receiverId: string;
  groupLabels: Labels;
  createdAt: number;
  nextFlushAt: number;
  lastFlushAt: number | null;
  lastNotifiedAt: number | null;
  /** Fingerprints the receiver was last told are firing. */
  notifiedFiring: string[];
  alerts: Record<string, Alert>;
};

/** Plain JSON: persist it with the outbox so a restart does not re-page. */
export type RouterState = { version: 1; nextSeq: number; groups: Record<string, RouteGroup> };

export function emptyRouterState(): RouterState {
  return { version: 1, nextSeq: 1, groups: {} };
}

export type RouteInput = {
  now: number;
  alerts: readonly Alert[];
  receivers: readonly Receiver[];
  silences: readonly Silence[];
  maintenance: readonly MaintenanceWindow[];
  inhibitRules: readonly InhibitRuleInput[];
};

export type RouteResult = {
  state: RouterState;
  notifications: Notification[];
  /** The muted alerts of the input and why, for the UI ("why was I not paged?"). */
  muted: MuteInfo[];
};

function cloneGroup(group: RouteGroup): RouteGroup {
  return { ...group, groupLabels: { ...group.groupLabels }, notifiedFiring: [...group.notifiedFiring], alerts: { ...group.alerts } };
}

/** Puts each accepted input alert in its group, creating groups for firing alerts. Returns the fingerprints seen per group. */
function admit(groups: Record<string, RouteGroup>, input: RouteInput): Map<string, Set<string>> {
  const seen = new Map<string, Set<string>>();
  for (const receiver of input.receivers) {
    for (const alert of input.alerts) {
      if (!receiverAccepts(receiver, alert)) continue;
      const groupLabels = groupLabelsFor(receiver, alert);
      const key = groupKeyFor(receiver.id, groupLabels);
      let group = groups[key];
      if (!group) {
        // A resolved alert the receiver never heard of opens nothing.
        if (alert.status !== "firing") continue;
        group = { key, receiverId: receiver.id, groupLabels, createdAt: input.now, nextFlushAt: input.now + receiver.groupWaitMs, lastFlushAt: null, lastNotifiedAt: null, notifiedFiring: [], alerts: {} };
        groups[key] = group;
      }
      group.alerts[alert.fingerprint] = alert;
      if (group.lastFlushAt === null && alert.status === "firing" && alert.startsAt + receiver.groupWaitMs <= input.now) {
        group.nextFlushAt = Math.min(group.nextFlushAt, input.now);
      }
      const fps = seen.get(key) ?? new Set<string>();
      fps.add(alert.fingerprint);
      seen.set(key, fps);
    }
  }
  return seen;
}

type Decision = { reason: NotificationReason; status: AlertStatus; emit: boolean } | null;

function decide(group: RouteGroup, receiver: Receiver, firing: Alert[], resolvedKnown: Alert[], now: number): Decision {
  const told = new Set(group.notifiedFiring);
  if (group.lastNotifiedAt === null) return firing.length ? { reason: "new-group", status: "firing", emit: true } : null;
  if (firing.some((alert) => !told.has(alert.fingerprint))) return { reason: "group-interval", status: "firing", emit: true };
  const stillFiring = new Set(Object.values(group.alerts).filter((a) => a.status === "firing").map((a) => a.fingerprint));
  const stale = group.notifiedFiring.some((fp) => !stillFiring.has(fp));
  if (firing.length === 0) return stale ? { reason: "resolved", status: "resolved", emit: receiver.sendResolved } : null;
  if (receiver.sendResolved && resolvedKnown.length) return { reason: "group-interval", status: "firing", emit: true };
  if (now - group.lastNotifiedAt >= receiver.repeatIntervalMs) return { reason: "repeat", status: "firing", emit: true };
  return null;
}

function flush(group: RouteGroup, receiver: Receiver, muted: Map<string, MuteInfo>, state: RouterState, now: number): Notification | null {
  const alerts = Object.values(group.alerts).sort((a, b) => a.startsAt - b.startsAt || (a.fingerprint < b.fingerprint ? -1 : 1));
  const told = new Set(group.notifiedFiring);
  const firing = alerts.filter((a) => a.status === "firing" && !muted.has(a.fingerprint));
  const mutedTold = alerts.filter((a) => a.status === "firing" && muted.has(a.fingerprint) && told.has(a.fingerprint));
  const resolvedKnown = alerts.filter((a) => a.status === "resolved" && told.has(a.fingerprint));
  const decision = decide(group, receiver, firing, resolvedKnown, now);
  group.lastFlushAt = now;
  group.nextFlushAt = now + receiver.groupIntervalMs;
  for (const alert of alerts) if (alert.status === "resolved") delete group.alerts[alert.fingerprint];
  if (!decision) return null;
  group.lastNotifiedAt = now;
  group.notifiedFiring = [...firing, ...mutedTold].map((a) => a.fingerprint).sort();
  const sent = receiver.sendResolved ? [...firing, ...resolvedKnown] : firing;
  if (!decision.emit || sent.length === 0) return null;
  const seq = state.nextSeq++;
  return { receiverId: receiver.id, groupKey: group.key, groupLabels: group.groupLabels, alerts: sent, status: decision.status, reason: decision.reason, seq };
}

/**
 * One step of the router at `now`: takes the current alerts in, returns the notifications due
 * and the next state. Call it on every control-loop tick (or at `nextWakeAt`); calling it more
 * often changes nothing.
 */
export function route(previous: RouterState, input: RouteInput): RouteResult {
  const receivers = new Map(input.receivers.map((r) => [r.id, r]));
  const groups: Record<string, RouteGroup> = {};
  // Groups of a receiver that was removed go with it.
  for (const [key, group] of Object.entries(previous.groups)) if (receivers.has(group.receiverId)) groups[key] = cloneGroup(group);
  const state: RouterState = { version: 1, nextSeq: previous.nextSeq, groups };
  const seen = admit(groups, input);
  for (const group of Object.values(groups)) {
    const present = seen.get(group.key);
    for (const alert of Object.values(group.alerts)) {
      if (alert.status === "firing" && !present?.has(alert.fingerprint)) group.alerts[alert.fingerprint] = resolveAlert(alert, input.now);
    }
  }
  const muted = muteReasons(input.alerts, input);
  const notifications: Notification[] = [];
  for (const key of Object.keys(groups).sort()) {
    const group = groups[key];
    if (input.now < group.nextFlushAt) continue;
    const receiver = receivers.get(group.receiverId);
    if (!receiver) continue;
    const notification = flush(group, receiver, muted, state, input.now);
    if (notification) notifications.push(notification);
    if (Object.keys(group.alerts).length === 0) delete groups[key];
  }
  return { state, notifications, muted: [...muted.values()] };
}

/** When the next flush is due (null with no groups): the caller may sleep until then. */
export function nextWakeAt(state: RouterState): number | null {
  let next: number | null = null;
  for (const group of Object.values(state.groups)) if (next === null || group.nextFlushAt < next) next = group.nextFlushAt;
  return next;
}
