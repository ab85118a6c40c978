/**
 * A Slack incoming-webhook message: top-level `text` (what the push notification and
 * screen readers show) plus one attachment carrying the colour bar, a title, one line per alert
 * and summary fields.
 *
 * Legacy attachment fields (title, text, fields, footer) rather than Block Kit because they are
 * the subset every "Slack-compatible" receiver renders (Slack, Mattermost, Rocket.Chat,
 * Discord's /slack endpoint, Zulip's Slack integration); blocks are Slack-only and attachments
 * are the only way to get a colour bar in Slack anyway.
 *
 * Colour: green when resolved; else by the highest `severity` label among firing alerts:
 * critical/page/error red, warning amber, anything else blue.
 */
import { commonPairs, DEFAULT_MAX_ALERTS, membersText, truncateAlerts } from "./format-common";
import type { Notification, NotificationAlert } from "./types";

/** More lines than this make an unreadable message; the rest is counted, not listed. */
const MAX_LISTED_ALERTS = 20;
const MAX_LINE_CHARS = 300;
/** Slack truncates attachment text long before its 40,000-character message limit shows. */
const MAX_TEXT_CHARS = 3_500;

export const SLACK_COLORS = { resolved: "#2eb886", critical: "#d50200", warning: "#daa038", info: "#439fe0" } as const;

export type SlackField = { title: string; value: string; short: boolean };
export type SlackAttachment = {
  color: string;
  fallback: string;
  title: string;
  title_link?: string;
  text: string;
  fields: SlackField[];
  footer: string;
  ts: number;
  mrkdwn_in: ("text" | "fields")[];
};
export type SlackMessage = { text: string; attachments: [SlackAttachment] };

export type SlackContext = { receiverName: string; externalURL: string; createdAt: number; maxAlerts?: number; links?: { label: string; url: string }[] };

/** Slack's mrkdwn treats these three as control characters. */
function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

type SeverityRank = 0 | 1 | 2;
function severityRank(severity: string | undefined): SeverityRank {
  const value = (severity ?? "").toLowerCase();
  if (value === "critical" || value === "page" || value === "error" || value === "fatal") return 2;
  if (value === "warning" || value === "warn") return 1;
  return 0;
}

export function slackColor(notification: Notification): string {
  if (notification.status === "resolved") return SLACK_COLORS.resolved;
  const firing = notification.alerts.filter((alert) => alert.status === "firing");
  const rank = Math.max(0, ...firing.map((alert) => severityRank(alert.labels.severity)));
  return rank === 2 ? SLACK_COLORS.critical : rank === 1 ? SLACK_COLORS.warning : SLACK_COLORS.info;
}

function alertLine(alert: NotificationAlert, common: Record<string, string>): string {
  const name = alert.labels.alertname ?? alert.fingerprint;
  const icon = alert.status === "resolved" ? ":white_check_mark:" : severityRank(alert.labels.severity) === 2 ? ":red_circle:" : ":large_orange_circle:";
  const summary = alert.annotations.summary ?? alert.annotations.description ?? "";
  // Labels the whole group shares are in the title already; show only what tells alerts apart.
  const distinct = Object.keys(alert.labels)
    .filter((label) => label !== "alertname" && common[label] !== alert.labels[label])
    .sort()
    .map((label) => `${label}=${alert.labels[label]}`)
    .join(", ");
  const source = alert.generatorURL ? ` <${escapeMrkdwn(alert.generatorURL)}|source>` : "";
  const members = membersText(alert.annotations);
  const parts = [`${icon} *${escapeMrkdwn(name)}*`, distinct && `\`${escapeMrkdwn(distinct)}\``, summary && `— ${escapeMrkdwn(summary)}`, members && `(${escapeMrkdwn(members)})`].filter(Boolean);
  return clip(parts.join(" "), MAX_LINE_CHARS) + source;
}

function listText(alerts: readonly NotificationAlert[], total: number, common: Record<string, string>): string {
  const lines: string[] = [];
  let length = 0;
  for (const alert of alerts.slice(0, MAX_LISTED_ALERTS)) {
    const line = alertLine(alert, common);
    if (length + line.length + 1 > MAX_TEXT_CHARS) break;
    lines.push(line);
    length += line.length + 1;
  }
  if (total > lines.length) lines.push(`…and ${total - lines.length} more`);
  return lines.join("\n");
}

/** The page's one-click links as one mrkdwn line (a URL may not hold "|" or ">" there). */
function linksText(links: readonly { label: string; url: string }[]): string {
  return links.map((link) => `<${link.url.replace(/[|>]/g, encodeURIComponent)}|${escapeMrkdwn(link.label)}>`).join(" · ");
}

export function slackBody(notification: Notification, context: SlackContext): SlackMessage {
  const { alerts } = truncateAlerts(notification.alerts, context.maxAlerts ?? DEFAULT_MAX_ALERTS);
  const firing = notification.alerts.filter((alert) => alert.status === "firing").length;
  const resolved = notification.alerts.length - firing;
  const common = commonPairs(notification.alerts.map((alert) => alert.labels));
  const groupText = Object.entries(notification.groupLabels)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, value]) => `${name}=${value}`)
    .join(" ");
  const headline = `[${notification.status.toUpperCase()}:${notification.status === "firing" ? firing : resolved}] ${groupText || notification.groupKey}`;
  const severity = notification.alerts.map((alert) => alert.labels.severity).find((value) => value !== undefined);
  const fields: SlackField[] = [
    { title: "Status", value: `${firing} firing, ${resolved} resolved`, short: true },
    ...(severity ? [{ title: "Severity", value: escapeMrkdwn(common.severity ?? "mixed"), short: true }] : []),
  ];
  return {
    text: escapeMrkdwn(`${headline} (${context.receiverName})`),
    attachments: [
      {
        color: slackColor(notification),
        fallback: escapeMrkdwn(headline),
        title: clip(headline, 250),
        ...(context.externalURL ? { title_link: context.externalURL } : {}),
        text: [listText(alerts, notification.alerts.length, common), linksText(context.links ?? [])].filter(Boolean).join("\n"),
        fields,
        footer: `Vigil · ${context.receiverName}`,
        ts: Math.floor(context.createdAt / 1000),
        mrkdwn_in: ["text", "fields"],
      },
    ],
  };
}
