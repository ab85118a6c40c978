import "server-only";
import type { Notification, Receiver as RoutingReceiver, RouteResult } from "../alerts";
import type { IncidentView } from "../protocol/api/incidents";
import type { NodeView } from "../protocol/views";
import type { Db } from "../store/prisma";
import type { Delivery, WebhookReceiver } from "../webhooks";
import type { PageMessage } from "../webhooks/message";
import { receiverSchema } from "../alerts";
import { newId } from "../auth/secrets";
import { advancePages, pageSeverity, policyRouteId, subjectLabels, type PageEventInput, type PageState, type PolicyForPaging, type Send } from "../paging/engine";
import { pageLinks } from "../paging/links";
import { resolveTargets } from "../paging/targets";
import { recoveryForGroup, type RecoveryEventForPaging } from "../paging/recovery-view";
import { pageLinkKeys } from "../store/page-links";
import { loadPagingConfig, type PagingConfig } from "../store/paging-config";
import { loadLivePages, recoveryPlansForPaging } from "../store/paging-round";
import { webhookReceiversById } from "../store/alert-state";
import { newDelivery, newWebhookId } from "../webhooks";
import { renderPageText } from "../webhooks/templates";

/** A policy's alert groups are flushed like a receiver's, but the policy escalates and repeats by its own steps. */
const POLICY_GROUP_INTERVAL_MS = 60_000;
const POLICY_REPEAT_INTERVAL_MS = 30 * 24 * 3_600_000;

/** Each enabled escalation policy routes like a receiver (its id prefixed), so the router groups, mutes and inhibits for it. */
export function policyRoutes(config: PagingConfig): RoutingReceiver[] {
  return config.policies
    .filter((policy) => policy.enabled)
    .map((policy) =>
      receiverSchema.parse({
        ...policy.routing,
        id: policyRouteId(policy.id),
        name: policy.name,
        groupIntervalMs: POLICY_GROUP_INTERVAL_MS,
        repeatIntervalMs: POLICY_REPEAT_INTERVAL_MS,
        sendResolved: true,
      }),
    );
}

/**
 * Receivers an enabled policy or a person's contact method pages through are reached that way
 * only: routing them directly too would page twice and outside the escalation.
 */
export function directReceivers(receivers: readonly RoutingReceiver[], config: PagingConfig): RoutingReceiver[] {
  const used = new Set<string>();
  for (const policy of config.policies) {
    if (!policy.enabled) continue;
    for (const step of policy.steps) for (const target of step.targets) if (target.kind === "receiver") used.add(target.id);
  }
  for (const contact of config.contacts) used.add(contact.receiverId);
  return receivers.filter((receiver) => !used.has(receiver.id));
}

export async function loadPagingRoutes(db: Db): Promise<{ config: PagingConfig; routes: RoutingReceiver[] }> {
  const config = await loadPagingConfig(db);
  return { config, routes: policyRoutes(config) };
}

function groupsWithFiring(routed: RouteResult): { firing: Set<string>; muted: Set<string> } {
  const mutedFingerprints = new Set(routed.muted.map((m) => m.fingerprint));
  const firing = new Set<string>();
  const muted = new Set<string>();
  for (const group of Object.values(routed.state.groups)) {
    const firingAlerts = Object.values(group.alerts).filter((alert) => alert.status === "firing");
    if (firingAlerts.length === 0) continue;
    firing.add(group.key);
    if (firingAlerts.every((alert) => mutedFingerprints.has(alert.fingerprint))) muted.add(group.key);
  }
  return { firing, muted };
}

export type PagingRound = { pages: PageState[]; events: PageEventInput[]; deliveries: Delivery[]; nextSeq: number };

/**
 * One paging round after the router's: open, escalate, hold and resolve pages, and build the
 * deliveries they cause (channel body, template text, signed links). The caller commits pages,
 * events and deliveries with the alert round, in one transaction.
 */
export async function pagingRound(
  db: Db,
  input: {
    now: number;
    routed: RouteResult;
    config: PagingConfig;
    receivers: readonly RoutingReceiver[];
    incidents: readonly IncidentView[];
    nodes: readonly NodeView[];
    recoveryEvents: readonly RecoveryEventForPaging[];
    externalURL: string;
    nextSeq: number;
  },
): Promise<PagingRound> {
  const { now, config } = input;
  const [pages, plans] = await Promise.all([loadLivePages(db), recoveryPlansForPaging(db, now)]);
  const { firing, muted } = groupsWithFiring(input.routed);
  const groupOfNode = new Map(input.nodes.map((node) => [node.id, node.group ?? null]));
  const policies = new Map<string, PolicyForPaging & (typeof config.policies)[number]>(config.policies.filter((p) => p.enabled).map((p) => [p.id, p]));

  const recoveryFor = (notification: Notification) => {
    const subject = subjectLabels(notification);
    const groupId = subject.group ?? (subject.node ? groupOfNode.get(subject.node) : null) ?? null;
    if (!groupId) return null;
    const starts = notification.alerts.filter((a) => a.status === "firing").map((a) => a.startsAt);
    return recoveryForGroup({ groupId, plans, events: input.recoveryEvents, now, detectedAt: starts.length ? Math.min(...starts) : null });
  };

  const out = advancePages({
    now,
    notifications: input.routed.notifications,
    pages,
    firingGroups: firing,
    mutedGroups: muted,
    policies,
    receivers: new Map(input.receivers.map((r) => [r.id, { sendResolved: r.sendResolved, name: r.name }])),
    targets: (policy, step) => resolveTargets(policies.get(policy.id)?.steps[step] ?? { delayMs: 0, targets: [] }, { ...config, now }),
    recoveryFor,
    newPageId: newId,
  });

  const known = new Set(pages.map((p) => p.id));
  for (const page of out.pages) {
    if (known.has(page.id)) continue;
    const subject = subjectLabels(page.notification);
    page.incidentId = input.incidents.find((i) => i.status !== "resolved" && (i.subject === subject.group || i.subject === subject.node))?.id ?? null;
  }

  let nextSeq = input.nextSeq;
  const deliveries: Delivery[] = [];
  if (out.sends.length) {
    const receivers = new Map((await webhookReceiversById(db, [...new Set(out.sends.map((s) => s.receiverId))])).map((r) => [r.id, r]));
    const byId = new Map([...pages, ...out.pages].map((p) => [p.id, p]));
    const keys = await pageLinkKeys(db);
    for (const send of out.sends) {
      const receiver = receivers.get(send.receiverId);
      const page = byId.get(send.pageId);
      if (!receiver || !page) continue;
      deliveries.push(deliveryFor(send, page, receiver, { now, externalURL: input.externalURL, key: keys.current, seq: nextSeq++ }));
    }
  }
  return { pages: out.pages, events: out.events, deliveries, nextSeq };
}

function deliveryFor(send: Send, page: PageState, receiver: WebhookReceiver, context: { now: number; externalURL: string; key: Parameters<typeof pageLinks>[1]["key"]; seq: number }): Delivery {
  const open = send.action !== "resolve";
  const links = pageLinks(page.id, { externalURL: context.externalURL, key: context.key, now: context.now, approvalActionId: open ? (page.recovery?.approvalActionId ?? null) : null });
  const notification: Notification = { ...page.notification, seq: context.seq, status: send.action === "resolve" ? "resolved" : page.notification.status };
  const base = {
    action: send.action,
    dedupKey: `vigil-${page.id}`,
    pageId: page.id,
    severity: pageSeverity(page.notification.alerts),
    links: open ? links : { ...links, acknowledge: null, resolve: null, approve: null, deny: null },
    recovery: page.recovery,
    step: page.step + 1,
    recipient: send.address,
    notification,
  };
  const text = renderPageText({ format: receiver.format, titleTemplate: receiver.titleTemplate ?? null, bodyTemplate: receiver.bodyTemplate ?? null }, { ...base, receiverName: receiver.name, externalURL: context.externalURL });
  const message: PageMessage = { ...base, title: text.title, body: text.body };
  const delivery = newDelivery(message, receiver, { webhookId: newWebhookId(), now: context.now, externalURL: context.externalURL });
  return { ...delivery, groupKey: page.groupKey, seq: context.seq };
}
