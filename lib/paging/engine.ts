/**
 * The life of a page, as a pure state machine: the alert router says which alert groups fire
 * for which route (a receiver or an escalation policy); this decides which pages open, who is
 * told what and when, when a page escalates, when it waits for Vigil's own recovery, and when it
 * resolves. The caller turns `sends` into outbox deliveries and commits pages, events and
 * deliveries in one transaction.
 *
 * - A route's first firing notification of a group opens a page (one open page per group key).
 *   A receiver's page tells that receiver; a policy's page tells step 1's targets.
 * - A receiver's page follows the router: new alerts and repeats are told again until someone
 *   acknowledges; an acknowledged page hears no repeats.
 * - A policy's page escalates: while it stays unacknowledged, step n+1's targets are told
 *   `delayMs` after step n; after the last step the steps run again `repeat` times, then stop.
 *   The router's own repeats do not apply to policies.
 * - An acknowledgement or resolution by a person (a signed link, the UI, the API) is announced
 *   to everyone the page told; it stops escalation and repeats.
 * - A page resolves when its group has nothing firing any more (muted alerts still fire).
 * - While every firing alert of a policy page is muted (silence, maintenance, inhibition), it
 *   does not escalate.
 * - Recovery-aware policies (the default): while Vigil's guarded recovery runs for the page's
 *   subject, escalation is held until the recovery's deadline; the page escalates at once when
 *   the recovery is blocked, escalated, failed or passes its deadline, and resolves with the
 *   recovery's outcome when a recovery it saw running succeeds.
 */
import type { Alert, Labels } from "../alerts/alert";
import type { Notification } from "../alerts/routing";
import type { PageAction, PageRecovery, PageSeverity } from "../webhooks/message";
import { severityOf } from "../alerts/alert";

export const PAGE_STATUSES = ["triggered", "acknowledged", "resolved"] as const;
export type PageStatus = (typeof PAGE_STATUSES)[number];

export type NotifiedTarget = { receiverId: string; address: string | null };

export type PageState = {
  id: string;
  groupKey: string;
  routeKind: "receiver" | "policy";
  routeId: string;
  title: string;
  groupLabels: Labels;
  status: PageStatus;
  /** 0-based index into the policy's steps. */
  step: number;
  cycle: number;
  nextEscalationAt: number | null;
  recovery: PageRecovery | null;
  heldUntil: number | null;
  openedAt: number;
  updatedAt: number;
  acknowledgedAt: number | null;
  acknowledgedBy: string | null;
  resolvedAt: number | null;
  resolvedBy: string | null;
  resolution: string | null;
  incidentId: number | null;
  notification: Notification;
  notified: NotifiedTarget[];
  announced: PageStatus;
};

/** What the engine needs of an escalation policy. */
export type PolicyForPaging = {
  id: string;
  name: string;
  steps: readonly { delayMs: number }[];
  repeat: number;
  recoveryAware: boolean;
};

/** Who a step reaches right now (on-call schedules and contact methods resolved by the caller). */
export type StepTargets = { deliveries: (NotifiedTarget & { via: string })[]; problems: string[] };

export type Send = {
  pageId: string;
  receiverId: string;
  address: string | null;
  action: PageAction;
  /** Human-readable, for the page's event log ("step 2: schedule Primary → alice"). */
  via: string;
};

export type PageEventInput = { pageId: string; at: number; kind: string; message: string; actor?: string };

export type PagingInput = {
  now: number;
  /** Everything the router emitted this round, receivers' and policies' alike. */
  notifications: readonly Notification[];
  /** Open pages (triggered or acknowledged) and pages whose last change is not announced yet. */
  pages: readonly PageState[];
  /** Group keys that still have a firing alert in the router (muted ones included). */
  firingGroups: ReadonlySet<string>;
  /** Group keys whose every firing alert is muted right now. */
  mutedGroups: ReadonlySet<string>;
  policies: ReadonlyMap<string, PolicyForPaging>;
  /** Receivers that may be told (enabled, existing), with their sendResolved. */
  receivers: ReadonlyMap<string, { sendResolved: boolean; name?: string }>;
  targets: (policy: PolicyForPaging, step: number) => StepTargets;
  /** The recovery Vigil runs or ran for a page's subject (see `subjectLabels`), or null. */
  recoveryFor: (notification: Notification) => PageRecovery | null;
  newPageId: () => string;
};

export type PagingOutput = {
  /** Pages created or changed this round (unchanged ones are left out). */
  pages: PageState[];
  events: PageEventInput[];
  sends: Send[];
};

export const POLICY_ROUTE_PREFIX = "policy:";
/** After the last step, the steps start again after this long when the last step names no delay. */
export const DEFAULT_REPEAT_DELAY_MS = 5 * 60_000;
const TERMINAL_RECOVERY = new Set(["blocked", "failed", "escalated"]);

export function policyRouteId(policyId: string): string {
  return `${POLICY_ROUTE_PREFIX}${policyId}`;
}

function routeOf(receiverId: string): { kind: "receiver" | "policy"; id: string } {
  return receiverId.startsWith(POLICY_ROUTE_PREFIX) ? { kind: "policy", id: receiverId.slice(POLICY_ROUTE_PREFIX.length) } : { kind: "receiver", id: receiverId };
}

export function pageTitle(notification: Notification): string {
  const firing = notification.alerts.filter((alert) => alert.status === "firing");
  const first = firing[0] ?? notification.alerts[0];
  const name = notification.groupLabels.alertname ?? first?.labels.alertname ?? "alert";
  const subject = first?.labels.group ?? first?.labels.node ?? null;
  const more = firing.length > 1 ? ` (+${firing.length - 1})` : "";
  return `${name}${subject ? ` ${subject}` : ""}${more}`.slice(0, 200);
}

/** When the step after `step` is due, or null when the policy is exhausted. */
function nextEscalation(policy: PolicyForPaging, step: number, cycle: number, from: number): { at: number; step: number; cycle: number } | null {
  const next = policy.steps[step + 1];
  if (next) return { at: from + next.delayMs, step: step + 1, cycle };
  if (cycle >= policy.repeat) return null;
  const lastDelay = policy.steps.at(-1)?.delayMs ?? 0;
  return { at: from + (lastDelay > 0 ? lastDelay : DEFAULT_REPEAT_DELAY_MS), step: 0, cycle: cycle + 1 };
}

function sameTarget(a: NotifiedTarget, b: NotifiedTarget): boolean {
  return a.receiverId === b.receiverId && a.address === b.address;
}

export function advancePages(input: PagingInput): PagingOutput {
  const { now } = input;
  const byKey = new Map<string, PageState>();
  for (const page of input.pages) if (page.status !== "resolved") byKey.set(page.groupKey, { ...page });
  const changed = new Map<string, PageState>();
  const events: PageEventInput[] = [];
  const sends: Send[] = [];

  const touch = (page: PageState) => {
    page.updatedAt = now;
    changed.set(page.id, page);
  };
  const event = (page: PageState, kind: string, message: string) => events.push({ pageId: page.id, at: now, kind, message });

  function tell(page: PageState, target: NotifiedTarget, action: PageAction, via: string): void {
    if (!input.receivers.has(target.receiverId)) return;
    sends.push({ pageId: page.id, receiverId: target.receiverId, address: target.address, action, via });
    if (!page.notified.some((known) => sameTarget(known, target))) page.notified = [...page.notified, target];
  }

  /**
   * Tells everyone the page reached about its acknowledgement or resolution. A person's action is
   * always told (it closes PagerDuty's and Opsgenie's incidents too); the alerts' own resolution
   * follows the receiver's sendResolved.
   */
  function announce(page: PageState, action: "acknowledge" | "resolve", byPerson: boolean): void {
    const receiverRoute = page.routeKind === "receiver" ? input.receivers.get(page.routeId) : null;
    if (action === "resolve" && !byPerson && receiverRoute && !receiverRoute.sendResolved) return;
    for (const target of page.notified) tell(page, target, action, "everyone the page reached");
  }

  function notifyStep(page: PageState, policy: PolicyForPaging, why: string): void {
    const targets = input.targets(policy, page.step);
    const label = `step ${page.step + 1}${page.cycle > 0 ? ` (repeat ${page.cycle})` : ""}`;
    for (const problem of targets.problems) event(page, "problem", `${label}: ${problem}`);
    if (targets.deliveries.length === 0) event(page, "problem", `${label} reached no one`);
    for (const delivery of targets.deliveries) tell(page, delivery, "trigger", `${label}: ${delivery.via}`);
    if (targets.deliveries.length) event(page, page.step === 0 && page.cycle === 0 ? "notified" : "escalated", `${label} (${why}): ${targets.deliveries.map((d) => d.via).join(", ")}`);
  }

  function escalate(page: PageState, policy: PolicyForPaging, why: string): void {
    const next = nextEscalation(policy, page.step, page.cycle, now);
    if (!next) {
      page.nextEscalationAt = null;
      event(page, "exhausted", `escalation policy ${policy.name} ran out of steps (${why}); the page stays open until acknowledged or resolved`);
      touch(page);
      return;
    }
    page.step = next.step;
    page.cycle = next.cycle;
    const following = nextEscalation(policy, page.step, page.cycle, now);
    page.nextEscalationAt = following?.at ?? null;
    notifyStep(page, policy, why);
    if (!following) event(page, "exhausted", `that was the last step of ${policy.name}; the page stays open until acknowledged or resolved`);
    touch(page);
  }

  function resolve(page: PageState, resolution: string, by: string | null): void {
    page.status = "resolved";
    page.resolvedAt = now;
    page.resolvedBy = by;
    page.resolution = resolution;
    page.nextEscalationAt = null;
    page.heldUntil = null;
    event(page, "resolved", resolution);
    announce(page, "resolve", false);
    page.announced = "resolved";
    touch(page);
  }

  function open(notification: Notification): PageState | null {
    const route = routeOf(notification.receiverId);
    const policy = route.kind === "policy" ? input.policies.get(route.id) : null;
    if (route.kind === "policy" && !policy) return null;
    if (route.kind === "receiver" && !input.receivers.has(route.id)) return null;
    const page: PageState = {
      id: input.newPageId(),
      groupKey: notification.groupKey,
      routeKind: route.kind,
      routeId: route.id,
      title: pageTitle(notification),
      groupLabels: notification.groupLabels,
      status: "triggered",
      step: 0,
      cycle: 0,
      nextEscalationAt: null,
      recovery: null,
      heldUntil: null,
      openedAt: now,
      updatedAt: now,
      acknowledgedAt: null,
      acknowledgedBy: null,
      resolvedAt: null,
      resolvedBy: null,
      resolution: null,
      incidentId: null,
      notification,
      notified: [],
      announced: "triggered",
    };
    page.recovery = input.recoveryFor(notification);
    event(page, "opened", `${page.title}: ${notification.alerts.filter((a) => a.status === "firing").length} firing`);
    if (policy) {
      page.nextEscalationAt = nextEscalation(policy, 0, 0, now)?.at ?? null;
      notifyStep(page, policy, "opened");
    } else {
      tell(page, { receiverId: route.id, address: null }, "trigger", "receiver");
      event(page, "notified", `receiver ${input.receivers.get(route.id)?.name ?? route.id}`);
    }
    byKey.set(page.groupKey, page);
    touch(page);
    return page;
  }

  // 0. Pages a person resolved since the last round: tell everyone they reached.
  for (const page of input.pages) {
    if (page.status !== "resolved" || page.announced === "resolved") continue;
    const resolved = { ...page };
    announce(resolved, "resolve", true);
    resolved.announced = "resolved";
    touch(resolved);
  }

  // 1. What the router says.
  for (const notification of input.notifications) {
    const page = byKey.get(notification.groupKey);
    if (notification.status === "resolved") {
      if (page) page.notification = notification;
      continue; // resolution is decided below, from the router's groups
    }
    if (!page) {
      open(notification);
      continue;
    }
    page.notification = notification;
    page.title = pageTitle(notification);
    touch(page);
    if (page.status !== "triggered") continue; // acknowledged: no repeats, no updates until it resolves
    if (page.routeKind === "receiver") {
      tell(page, { receiverId: page.routeId, address: null }, "trigger", notification.reason === "repeat" ? "repeat" : "new alerts");
      continue;
    }
    if (notification.reason === "repeat") continue; // a policy repeats by its own steps
    const policy = input.policies.get(page.routeId);
    if (policy) for (const target of page.notified) tell(page, target, "trigger", "new alerts in the group");
  }

  // 2. Every open page: people's actions, resolution, recovery, escalation.
  for (const page of byKey.values()) {
    if (page.status === "acknowledged" && page.announced === "triggered") {
      announce(page, "acknowledge", true);
      page.announced = "acknowledged";
      touch(page);
    }
    if (!input.firingGroups.has(page.groupKey)) {
      const recovered = page.recovery?.state === "succeeded" ? ` after ${page.recovery.summary}` : "";
      resolve(page, `alerts resolved${recovered}`, null);
      continue;
    }
    const policy = page.routeKind === "policy" ? input.policies.get(page.routeId) : undefined;
    const seen = page.recovery;
    const recovery = input.recoveryFor(page.notification);
    if (JSON.stringify(recovery) !== JSON.stringify(seen)) {
      page.recovery = recovery;
      touch(page);
    }
    if (page.status !== "triggered" || !policy) continue;

    if (policy.recoveryAware && recovery) {
      if (recovery.state === "succeeded" && (seen?.state === "running" || answersThisProblem(recovery))) {
        resolve(page, `Vigil recovered it: ${recovery.summary}`, null);
        continue;
      }
      if (recovery.state === "running") {
        const deadline = recovery.deadline ?? now;
        if (deadline > now) {
          if (page.heldUntil !== deadline) {
            if (page.heldUntil === null) {
              event(page, "held", `escalation held while Vigil runs ${recovery.kind}: ${recovery.summary} (until ${new Date(deadline).toISOString()})`);
              // Those already paged learn that Vigil is on it (a page opened with the recovery running said so already).
              if (seen?.state !== "running") for (const target of page.notified) tell(page, target, "trigger", "recovery started");
            }
            page.heldUntil = deadline;
            touch(page);
          }
          continue;
        }
        if (page.heldUntil !== null) {
          page.heldUntil = null;
          escalate(page, policy, `${recovery.kind} passed its deadline`);
          continue;
        }
      }
      if (TERMINAL_RECOVERY.has(recovery.state) && seen?.state !== recovery.state) {
        page.heldUntil = null;
        escalate(page, policy, `recovery ${recovery.state}: ${recovery.summary}`);
        continue;
      }
    }
    if (page.heldUntil !== null) {
      // The recovery ended without an outcome the page waits for (it vanished): escalation resumes.
      page.heldUntil = null;
      event(page, "released", "recovery no longer running; escalation resumes");
      touch(page);
    }
    if (input.mutedGroups.has(page.groupKey)) continue;
    if (page.nextEscalationAt !== null && page.nextEscalationAt <= now) escalate(page, policy, "not acknowledged");
  }

  return { pages: [...changed.values()], events, sends };
}

/**
 * A recovery the page never saw running (it ran between two rounds) still resolves the page when
 * it was decided after the page's problem was detected: it was the answer to it.
 */
function answersThisProblem(recovery: PageRecovery): boolean {
  const detection = recovery.timeline.find((entry) => entry.step === "detection")?.at;
  const confirmation = recovery.timeline.find((entry) => entry.step === "confirmation")?.at;
  return detection !== undefined && confirmation !== undefined && confirmation >= detection;
}

/** The labels that name a page's subject: the group's own, then those every alert shares. */
export function subjectLabels(notification: Notification): Labels {
  const firing = notification.alerts.filter((alert) => alert.status === "firing");
  const alerts = firing.length ? firing : notification.alerts;
  const labels: Labels = { ...notification.groupLabels };
  for (const name of ["group", "node", "zone"]) {
    if (labels[name] !== undefined) continue;
    const values = new Set(alerts.map((alert) => alert.labels[name]));
    const [only] = values;
    if (values.size === 1 && only !== undefined) labels[name] = only;
  }
  return labels;
}

/** A page is as severe as its worst firing alert; "info" when none says. */
export function pageSeverity(alerts: readonly Alert[]): PageSeverity {
  const severities = alerts.filter((a) => a.status === "firing").map(severityOf);
  if (severities.includes("critical")) return "critical";
  if (severities.includes("warning")) return "warning";
  return "info";
}
