/**
 * The receiver form's template preview, over a realistic page: group kv-3 lost its primary (two
 * alerts firing) and Vigil is running a failover, escalation held until it confirms or gives up.
 * Pure.
 */
import { TEMPLATE_FIELDS } from "./template-defaults";
import { renderPageText, type PageTextInput } from "./templates";
import type { WebhookFormat } from "./types";

export function samplePageTextInput(externalURL: string, now: number): PageTextInput {
  const base = externalURL.replace(/\/+$/, "");
  const detected = now - 9_000;
  const link = (action: string) => `${base}/api/v1/pages/act/sample-${action}-token`;
  return {
    action: "trigger",
    dedupKey: "vigil-sample-page",
    pageId: "page_sample",
    severity: "critical",
    step: 1,
    recipient: null,
    receiverName: "on-call",
    externalURL: base,
    links: { view: `${base}/alerts/pages/page_sample`, acknowledge: link("acknowledge"), resolve: link("resolve"), approve: null, deny: null },
    recovery: {
      kind: "failover",
      state: "running",
      deadline: detected + 129_000,
      summary: "promoting kv-3-b (replication lag 0.2 s) to primary",
      approvalActionId: null,
      timeline: [
        { step: "detection", at: detected },
        { step: "confirmation", at: detected + 4_000 },
      ],
    },
    notification: {
      receiverId: "rcv_sample",
      groupKey: '{}:{alertname="GroupWithoutPrimary",group="kv-3"}',
      groupLabels: { alertname: "GroupWithoutPrimary", group: "kv-3" },
      status: "firing",
      reason: "new alerts",
      seq: 1,
      alerts: [
        {
          fingerprint: "a1b2c3d4e5f60718",
          status: "firing",
          labels: { alertname: "GroupWithoutPrimary", group: "kv-3", node: "kv-3-a", severity: "critical" },
          annotations: { summary: "Replica group kv-3 has no primary", description: "kv-3-a stopped answering health checks; no member reports the primary role.", runbook: `${base}/docs/runbooks/no-primary` },
          startsAt: detected,
          endsAt: null,
        },
        {
          fingerprint: "0f1e2d3c4b5a6978",
          status: "firing",
          labels: { alertname: "GroupWithoutPrimary", group: "kv-3", node: "kv-3-c", severity: "critical" },
          annotations: { summary: "Replica group kv-3 has no primary", description: "kv-3-c lost its replication link to kv-3-a." },
          startsAt: detected + 1_000,
          endsAt: null,
        },
      ],
    },
  };
}

/**
 * What the receiver form shows: the templates rendered over a sample page (a failover of kv-3
 * running), why a template falls back, and the fields it may use.
 */
export function previewTemplates(input: { format: string; titleTemplate: string | null; bodyTemplate: string | null }, externalURL: string, now: number) {
  const rendered = renderPageText({ ...input, format: input.format as WebhookFormat }, samplePageTextInput(externalURL, now));
  return { ...rendered, fields: TEMPLATE_FIELDS.map((field) => ({ ...field })) };
}
