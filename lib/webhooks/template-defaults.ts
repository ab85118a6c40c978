/**
 * The documented template fields and the per-channel default templates, in Liquid. Plain data
 * with no engine, so the receiver form can show them without loading Liquid.
 */

/** Longest template source accepted (also the parser's limit). */
export const TEMPLATE_SOURCE_MAX = 20_000;

export type TemplateField = { name: string; type: string; description: string; example: string };

/** The fields a template sees (docs/templates.md and the receiver form list them). */
export const TEMPLATE_FIELDS: readonly TemplateField[] = [
  { name: "status", type: "string", description: "The alert group's status: firing or resolved.", example: "firing" },
  { name: "action", type: "string", description: "What happened to the page: trigger (new, escalated, repeated), acknowledge or resolve.", example: "trigger" },
  { name: "severity", type: "string", description: "critical, warning or info.", example: "critical" },
  { name: "receiver", type: "string", description: "The receiver's name.", example: "on-call e-mail" },
  { name: "alertname", type: "string", description: "The alert name (group label, common label or the first alert's).", example: "GroupWithoutPrimary" },
  { name: "summary", type: "string", description: "The common summary annotation, else the first alert's summary, else the alert name.", example: "Replica group kv-3 has no primary" },
  { name: "groupLabels", type: "map", description: "The labels the route groups by.", example: "{{ groupLabels.alertname }}" },
  { name: "commonLabels", type: "map", description: "Labels every alert of the group has with the same value.", example: "{{ commonLabels.group }}" },
  { name: "commonAnnotations", type: "map", description: "Annotations every alert of the group has with the same value.", example: "{{ commonAnnotations.runbook }}" },
  { name: "alerts", type: "list", description: "The alerts: status, labels, annotations, startsAt, endsAt (RFC 3339 or nil), node, group, summary, description.", example: "{% for a in alerts %}{{ a.summary }}{% endfor %}" },
  { name: "firingCount", type: "number", description: "How many alerts are firing.", example: "2" },
  { name: "resolvedCount", type: "number", description: "How many alerts are resolved.", example: "0" },
  { name: "links", type: "map", description: "One-click links: view, acknowledge, resolve, approve, deny (nil where they do not apply).", example: "{{ links.acknowledge }}" },
  { name: "page", type: "map", description: "The page: id and escalation step (1-based).", example: "{{ page.step }}" },
  { name: "recovery", type: "map or nil", description: "Vigil's recovery for the subject: kind, state (running, succeeded, failed, blocked, escalated), deadline (RFC 3339 or nil), summary, timeline [{step, at}].", example: "{{ recovery.state }}" },
  { name: "externalURL", type: "string", description: "This Vigil's external URL.", example: "https://vigil.example.com" },
];

const TITLE =
  '{% if action == "resolve" %}[RESOLVED]{% elsif action == "acknowledge" %}[ACK]{% else %}[{{ severity | upcase }}]{% endif %} {{ alertname }}' +
  "{% assign subject = commonLabels.group | default: commonLabels.node | default: alerts.first.group | default: alerts.first.node %}{% if subject %} {{ subject }}{% endif %}" +
  '{% assign n = firingCount %}{% if action == "resolve" %}{% assign n = alerts.size %}{% endif %}{% if n > 1 %} (+{{ n | minus: 1 }}){% endif %}';

const SUBJECT = "{% assign subject = commonLabels.group | default: commonLabels.node | default: alerts.first.group | default: alerts.first.node | default: alertname %}";

const RECOVERY =
  "{% if recovery %}{% case recovery.state %}" +
  '{% when "running" %}Vigil is running {{ recovery.kind }} of {{ subject }}{% if recovery.deadline %} — escalation held until {{ recovery.deadline | date: "%H:%M:%SZ" }}{% endif %}' +
  "{% when \"succeeded\" %}Vigil recovered it: {{ recovery.summary }}{% if recovery.timeline.size > 0 %} ({% for t in recovery.timeline %}{{ t.step }} {{ t.at | date: \"%H:%M:%S\" }}{% unless forloop.last %} → {% endunless %}{% endfor %}){% endif %}" +
  "{% when \"failed\" %}Vigil's {{ recovery.kind }} of {{ subject }} failed: {{ recovery.summary }}" +
  '{% when "blocked" %}Vigil did not run {{ recovery.kind }} of {{ subject }}: {{ recovery.summary }}' +
  "{% else %}Vigil handed {{ recovery.kind }} of {{ subject }} to a person: {{ recovery.summary }}" +
  "{% endcase %}\n{% if links.approve %}Vigil waits for approval to run {{ recovery.kind }}.\n{% endif %}{% endif %}";

const alertLines = (cap: number): string =>
  `{% for a in alerts limit: ${cap} %}{% if a.status == "firing" %}•{% else %}✓{% endif %} {{ a.summary | default: a.labels.alertname }}` +
  '{% if a.node %} (node {{ a.node }}){% endif %}{% if a.status == "firing" %} since {{ a.startsAt | date: "%Y-%m-%d %H:%M:%SZ" }}{% else %} resolved{% endif %}\n{% endfor %}' +
  `{% if alerts.size > ${cap} %}… and {{ alerts.size | minus: ${cap} }} more\n{% endif %}`;

const LINKS =
  "View: {{ links.view }}\n" +
  "{% if links.acknowledge %}Acknowledge: {{ links.acknowledge }}\n{% endif %}" +
  "{% if links.resolve %}Resolve: {{ links.resolve }}\n{% endif %}" +
  "{% if links.approve %}Approve: {{ links.approve }}\n{% endif %}" +
  "{% if links.deny %}Deny: {{ links.deny }}\n{% endif %}";

const CHAT_BODY = `${SUBJECT}{{ summary }}\n${RECOVERY}\n${alertLines(20)}\n${LINKS}`;
const EMAIL_BODY =
  `${SUBJECT}{{ summary }}\n\n${RECOVERY}\n{{ firingCount }} firing, {{ resolvedCount }} resolved:\n${alertLines(20)}\n` +
  "{% for l in commonLabels %}{% if forloop.first %}Labels: {% endif %}{{ l[0] }}={{ l[1] }}{% if forloop.last %}\n{% else %}, {% endif %}{% endfor %}\n" +
  `${LINKS}\n— Vigil, receiver {{ receiver }} (page {{ page.id }}, step {{ page.step }})`;
// A phone notification: few lines, the links that matter from a lock screen.
const NTFY_BODY = `${SUBJECT}{{ summary }}\n${RECOVERY}${alertLines(5)}{% if links.acknowledge %}Acknowledge: {{ links.acknowledge }}\n{% endif %}{% if links.approve %}Approve: {{ links.approve }}\n{% endif %}`;
// PagerDuty and Opsgenie show their own acknowledge/resolve buttons; the body is the details.
const INCIDENT_BODY = `${SUBJECT}{{ summary }}\n${RECOVERY}\n${alertLines(20)}\nView in Vigil: {{ links.view }}\n{% if links.approve %}Approve: {{ links.approve }}\nDeny: {{ links.deny }}\n{% endif %}`;

/** Per channel (receiver format), written in Liquid; `default` for a channel without its own. */
export const DEFAULT_TEMPLATES: Record<string, { title: string; body: string }> = {
  default: { title: TITLE, body: CHAT_BODY },
  email: { title: TITLE, body: EMAIL_BODY },
  pagerduty: { title: TITLE, body: INCIDENT_BODY },
  opsgenie: { title: TITLE, body: INCIDENT_BODY },
  telegram: { title: TITLE, body: CHAT_BODY },
  teams: { title: TITLE, body: CHAT_BODY },
  discord: { title: TITLE, body: CHAT_BODY },
  slack: { title: TITLE, body: CHAT_BODY },
  ntfy: { title: TITLE, body: NTFY_BODY },
  vigil: { title: TITLE, body: CHAT_BODY },
  alertmanager: { title: TITLE, body: CHAT_BODY },
};

export function defaultTemplates(format: string): { title: string; body: string } {
  return Object.hasOwn(DEFAULT_TEMPLATES, format) ? DEFAULT_TEMPLATES[format] : DEFAULT_TEMPLATES.default;
}

