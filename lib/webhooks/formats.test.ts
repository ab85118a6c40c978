import assert from "node:assert/strict";
import { test } from "node:test";
import { alert, notification, T0 } from "./fixtures";
import { alertmanagerBody, buildWebhookBody, vigilBody, type FormatContext } from "./formats";
import { SLACK_COLORS, slackBody } from "./slack-format";

const context: FormatContext = { receiverName: "ops-pager", externalURL: "https://vigil.example", id: "msg_1", createdAt: T0 };
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function isStringMap(value: unknown): boolean {
  return typeof value === "object" && value !== null && !Array.isArray(value) && Object.values(value).every((entry) => typeof entry === "string");
}

test("Alertmanager body: every documented field, with Alertmanager's types, through JSON", () => {
  const resolved = alert("node-c", { status: "resolved", endsAt: T0 - 1_000, generatorURL: undefined });
  const { body } = buildWebhookBody("alertmanager", notification({ alerts: [alert("node-a"), resolved] }), context);
  const parsed = JSON.parse(body) as Record<string, unknown>;
  assert.deepEqual(Object.keys(parsed).sort(), ["alerts", "commonAnnotations", "commonLabels", "externalURL", "groupKey", "groupLabels", "receiver", "status", "truncatedAlerts", "version"]);
  assert.equal(parsed.version, "4");
  assert.equal(typeof parsed.groupKey, "string");
  assert.equal(parsed.truncatedAlerts, 0);
  assert.ok(Number.isInteger(parsed.truncatedAlerts));
  assert.ok(parsed.status === "firing" || parsed.status === "resolved");
  assert.equal(parsed.receiver, "ops-pager");
  assert.equal(parsed.externalURL, "https://vigil.example");
  for (const key of ["groupLabels", "commonLabels", "commonAnnotations"]) assert.ok(isStringMap(parsed[key]), key);
  assert.deepEqual(parsed.commonLabels, { alertname: "NodeDown", severity: "critical", zone: "eu-1" });
  assert.deepEqual(parsed.commonAnnotations, { runbook: "https://runbooks.example/node-down" });

  const alerts = parsed.alerts as Record<string, unknown>[];
  assert.equal(alerts.length, 2);
  for (const entry of alerts) {
    assert.deepEqual(Object.keys(entry).sort(), ["annotations", "endsAt", "fingerprint", "generatorURL", "labels", "startsAt", "status"]);
    assert.ok(isStringMap(entry.labels) && isStringMap(entry.annotations));
    assert.match(entry.startsAt as string, RFC3339);
    assert.match(entry.endsAt as string, RFC3339);
    assert.equal(typeof entry.generatorURL, "string");
    assert.equal(typeof entry.fingerprint, "string");
  }
  assert.equal(alerts[0].endsAt, "0001-01-01T00:00:00Z");
  assert.equal(alerts[0].startsAt, "2026-03-01T11:59:00.000Z");
  assert.equal(alerts[0].generatorURL, "https://vigil.example/nodes/node-a");
  assert.equal(alerts[1].status, "resolved");
  assert.equal(alerts[1].endsAt, "2026-03-01T11:59:59.000Z");
  assert.equal(alerts[1].generatorURL, "");
});

test("instants given as epoch ms, RFC 3339 strings or Dates come out the same", () => {
  const forms = [T0, new Date(T0).toISOString(), new Date(T0)];
  const starts = forms.map((startsAt) => alertmanagerBody(notification({ alerts: [alert("a", { startsAt })] }), context).alerts[0].startsAt);
  assert.deepEqual(starts, Array(3).fill("2026-03-01T12:00:00.000Z"));
  assert.throws(() => alertmanagerBody(notification({ alerts: [alert("a", { startsAt: "yesterday" })] }), context), /not a valid instant/);
});

test("more alerts than the maximum: cut, counted in truncatedAlerts, firing ones kept first", () => {
  const many = [
    ...Array.from({ length: 8 }, (_, index) => alert(`old-${index}`, { status: "resolved", endsAt: T0 })),
    ...Array.from({ length: 5 }, (_, index) => alert(`new-${index}`)),
  ];
  const body = alertmanagerBody(notification({ alerts: many }), { ...context, maxAlerts: 6 });
  assert.equal(body.alerts.length, 6);
  assert.equal(body.truncatedAlerts, 7);
  assert.deepEqual(body.alerts.map((entry) => entry.status), ["firing", "firing", "firing", "firing", "firing", "resolved"]);
  const vigil = vigilBody(notification({ alerts: many }), { ...context, maxAlerts: 6 });
  assert.equal(vigil.truncatedAlerts, 7);
  assert.equal(buildWebhookBody("slack", notification({ alerts: many }), { ...context, maxAlerts: 6 }).truncatedAlerts, 7);
  assert.equal(alertmanagerBody(notification({ alerts: many }), context).truncatedAlerts, 0);
});

test("the default cap keeps a 5,000-alert group's body bounded", () => {
  const many = Array.from({ length: 5_000 }, (_, index) => alert(`n-${index}`));
  const { body, truncatedAlerts } = buildWebhookBody("vigil", notification({ alerts: many }), context);
  assert.equal(truncatedAlerts, 4_500);
  assert.ok(body.length < 300_000, `${body.length} bytes`);
});

test("Vigil body: the documented fields, stable bytes for the same input", () => {
  const input = notification({ seq: 7 });
  const body = vigilBody(input, context);
  assert.deepEqual(Object.keys(body).sort(), [
    "alerts", "commonAnnotations", "commonLabels", "externalURL", "groupKey", "groupLabels", "id", "reason", "receiver", "sentAt", "seq", "status", "truncatedAlerts", "version",
  ]);
  assert.equal(body.version, "1");
  assert.equal(body.id, "msg_1");
  assert.equal(body.seq, 7);
  assert.equal(body.sentAt, "2026-03-01T12:00:00.000Z");
  assert.deepEqual(Object.keys(body.groupLabels), ["alertname", "zone"]);
  assert.equal(body.alerts[0].endsAt, null);
  assert.equal(buildWebhookBody("vigil", input, context).body, buildWebhookBody("vigil", structuredClone(input), context).body);
  const noSource = vigilBody(notification({ alerts: [alert("x", { generatorURL: undefined })] }), context);
  assert.equal(noSource.alerts[0].generatorURL, null);
});

test("Slack body: text plus one coloured attachment listing the alerts", () => {
  const message = slackBody(notification(), context);
  assert.equal(typeof message.text, "string");
  assert.match(message.text, /^\[FIRING:2\] alertname=NodeDown zone=eu-1/);
  assert.equal(message.attachments.length, 1);
  const [attachment] = message.attachments;
  assert.equal(attachment.color, SLACK_COLORS.critical);
  assert.equal(attachment.title_link, "https://vigil.example");
  assert.equal(attachment.ts, T0 / 1000);
  assert.deepEqual(attachment.mrkdwn_in, ["text", "fields"]);
  assert.equal(attachment.text.split("\n").length, 2);
  assert.match(attachment.text, /\*NodeDown\* `node=node-a` — node-a stopped sending heartbeats <https:\/\/vigil.example\/nodes\/node-a\|source>/);
  assert.deepEqual(attachment.fields, [
    { title: "Status", value: "2 firing, 0 resolved", short: true },
    { title: "Severity", value: "critical", short: true },
  ]);
});

test("Slack colour follows status and the worst firing severity; mrkdwn is escaped", () => {
  const warning = alert("w", { labels: { alertname: "Lag", severity: "warning" } });
  const info = alert("i", { labels: { alertname: "Note" } });
  const colour = (alerts: ReturnType<typeof alert>[], status: "firing" | "resolved" = "firing") => slackBody(notification({ alerts, status }), context).attachments[0].color;
  assert.equal(colour([warning, info]), SLACK_COLORS.warning);
  assert.equal(colour([info]), SLACK_COLORS.info);
  assert.equal(colour([info, alert("c")]), SLACK_COLORS.critical);
  assert.equal(colour([alert("c", { status: "resolved", endsAt: T0 })], "resolved"), SLACK_COLORS.resolved);
  const sneaky = alert("s", { annotations: { summary: "<!channel> & <https://evil|click>" } });
  const text = slackBody(notification({ alerts: [sneaky] }), context).attachments[0].text;
  assert.ok(text.includes("&lt;!channel&gt; &amp; &lt;https://evil|click&gt;"), text);
  assert.ok(!text.includes("<!channel>"));
});

test("Slack lists at most 20 alerts and says how many more there are", () => {
  const many = Array.from({ length: 45 }, (_, index) => alert(`n-${index}`));
  const text = slackBody(notification({ alerts: many }), context).attachments[0].text;
  const lines = text.split("\n");
  assert.equal(lines.length, 21);
  assert.equal(lines[20], "…and 25 more");
});

test("Slack names a partition's members on its line; the other formats carry them as annotations", () => {
  const partition = alert("zone-a", {
    labels: { alertname: "VigilPartitioned", severity: "critical", category: "fleet", zone: "zone-a" },
    annotations: { summary: "Vigil looks cut off from zone zone-a", members: "a-1, a-2 and 3 more", member_count: "5" },
    generatorURL: "/nodes?zone=zone-a&state=down",
  });
  const text = slackBody(notification({ alerts: [partition] }), context).attachments[0].text;
  assert.match(text, /Vigil looks cut off from zone zone-a \(5 nodes: a-1, a-2 and 3 more\)/);
  assert.equal(vigilBody(notification({ alerts: [partition] }), context).alerts[0].annotations.members, "a-1, a-2 and 3 more");
});
