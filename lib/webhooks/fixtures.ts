/** Notifications for the webhook tests and the benchmark. */
import type { Notification, NotificationAlert } from "./types";

export const T0 = Date.parse("2026-03-01T12:00:00.000Z");

export function alert(name: string, overrides: Partial<NotificationAlert> = {}): NotificationAlert {
  return {
    fingerprint: `fp-${name}`,
    labels: { alertname: "NodeDown", severity: "critical", zone: "eu-1", node: name },
    annotations: { summary: `${name} stopped sending heartbeats`, runbook: "https://runbooks.example/node-down" },
    startsAt: T0 - 60_000,
    endsAt: null,
    status: "firing",
    generatorURL: `https://vigil.example/nodes/${name}`,
    ...overrides,
  };
}

export function notification(overrides: Partial<Notification> = {}): Notification {
  return {
    receiverId: "rcv-1",
    groupKey: '{}:{alertname="NodeDown",zone="eu-1"}',
    groupLabels: { zone: "eu-1", alertname: "NodeDown" },
    alerts: [alert("node-a"), alert("node-b")],
    status: "firing",
    reason: "new-alerts",
    seq: 1,
    ...overrides,
  };
}
