import { formatDurationSpec, parseDurationSpec } from "./duration-spec";

/** The receiver form's text fields and what POST/PATCH /api/v1/receivers takes. Pure. */

export const RECEIVER_FORMATS = ["vigil", "alertmanager", "slack", "email", "pagerduty", "opsgenie", "telegram", "teams", "discord", "ntfy"] as const;
export type ReceiverFormat = (typeof RECEIVER_FORMATS)[number];

/**
 * One setting of a channel (docs/channels.md): `config` is shown to every role, `secret` is
 * write-only (the server answers only which are set). Mirrors lib/webhooks/channels.
 */
export type ChannelField = {
  key: string;
  kind: "config" | "secret";
  label: string;
  hint: string;
  input: "text" | "list" | "select" | "checkbox" | "textarea";
  options?: readonly string[];
  required?: boolean;
  placeholder?: string;
};

export const CHANNEL_FIELDS: Record<ReceiverFormat, readonly ChannelField[]> = {
  vigil: [],
  alertmanager: [],
  slack: [],
  email: [
    { key: "from", kind: "config", label: "From", hint: "The sender address, e.g. vigil@example.com.", input: "text", required: true },
    { key: "to", kind: "config", label: "To", hint: "Recipients, comma-separated (a person's contact method replaces them).", input: "list" },
    { key: "security", kind: "config", label: "Security (smtp://)", hint: "STARTTLS is required unless you choose none (plain text: only on a trusted network). smtps:// is always TLS.", input: "select", options: ["starttls", "none"] },
    { key: "tlsCa", kind: "config", label: "Trusted certificate (PEM)", hint: "Only for a private CA or a self-signed server.", input: "textarea" },
    { key: "allowSelfSigned", kind: "config", label: "Accept any certificate", hint: "Lab servers only: anyone in the path could read the mail.", input: "checkbox" },
    { key: "username", kind: "secret", label: "SMTP user", hint: "For AUTH; empty: no authentication.", input: "text" },
    { key: "password", kind: "secret", label: "SMTP password", hint: "Sent only inside TLS (unless security is none).", input: "text" },
  ],
  pagerduty: [
    { key: "routingKey", kind: "secret", label: "Integration (routing) key", hint: "From the service's Events API v2 integration.", input: "text", required: true },
    { key: "source", kind: "config", label: "Source", hint: "payload.source; empty: this Vigil's host name.", input: "text" },
  ],
  opsgenie: [
    { key: "apiKey", kind: "secret", label: "API key", hint: "An API integration's key (sent as GenieKey).", input: "text", required: true },
    { key: "priority", kind: "config", label: "Priority", hint: "Empty: P1 critical, P3 warning, P5 info.", input: "select", options: ["", "P1", "P2", "P3", "P4", "P5"] },
    { key: "tags", kind: "config", label: "Tags", hint: "Comma-separated, added to every alert.", input: "list" },
  ],
  telegram: [
    { key: "botToken", kind: "secret", label: "Bot token", hint: "From @BotFather, like 123456:ABC-….", input: "text", required: true },
    { key: "chatId", kind: "config", label: "Chat", hint: "A numeric chat id (groups are negative) or @channelname; add the bot to it first.", input: "text", required: true },
  ],
  teams: [],
  discord: [{ key: "content", kind: "config", label: "Message text", hint: 'Above the embed, e.g. a role mention "<@&123>" (the only mention that pings).', input: "text" }],
  ntfy: [
    { key: "topic", kind: "config", label: "Topic", hint: "Letters, digits, _ and -.", input: "text", required: true },
    { key: "token", kind: "secret", label: "Access token", hint: "Only when the topic is protected (sent as Bearer).", input: "text" },
  ],
};

/** The URL the form proposes for a new receiver of this format (the provider's API base). */
export const DEFAULT_URLS: Partial<Record<ReceiverFormat, string>> = {
  pagerduty: "https://events.pagerduty.com",
  opsgenie: "https://api.opsgenie.com",
  telegram: "https://api.telegram.org",
  ntfy: "https://ntfy.sh",
  email: "smtp://",
};

export const URL_HINTS: Record<ReceiverFormat, string> = {
  vigil: "Where to POST the signed webhook.",
  alertmanager: "Where to POST the signed webhook.",
  slack: "The Slack incoming-webhook URL (hidden below admin).",
  email: "smtp://host:587 (STARTTLS) or smtps://host:465 (TLS).",
  pagerduty: "The Events API base; PagerDuty's own unless you proxy it.",
  opsgenie: "https://api.opsgenie.com, or https://api.eu.opsgenie.com for the EU instance.",
  telegram: "The Bot API base; Telegram's own unless you run a local Bot API server.",
  teams: "The incoming-webhook or Workflows URL Teams gave you (hidden below admin).",
  discord: "The channel's webhook URL (hidden below admin).",
  ntfy: "The ntfy server's root URL.",
};
export const RECEIVER_SEVERITIES = ["critical", "warning", "info"] as const;
type Severity = (typeof RECEIVER_SEVERITIES)[number];

export type ReceiverFields = {
  name: string;
  url: string;
  format: ReceiverFormat;
  groupBy: string;
  groupWait: string;
  groupInterval: string;
  repeatInterval: string;
  sendResolved: boolean;
  /** None ticked: every severity. */
  severities: Severity[];
  /** One "Name: value" a line. */
  headers: string;
  /** The channel's settings as typed, by key (lists comma-separated, checkboxes "true" or ""). */
  config: Record<string, string>;
  /** Secrets typed in this session; empty keeps the stored one. */
  credentials: Record<string, string>;
  /** Which secrets the server has (their values never come back). */
  credentialKeys: string[];
  titleTemplate: string;
  bodyTemplate: string;
};

export type ReceiverBody = {
  name: string;
  url: string;
  format: ReceiverFormat;
  groupBy: string[];
  groupWait: string;
  groupInterval: string;
  repeatInterval: string;
  sendResolved: boolean;
  severities?: Severity[];
  headers: Record<string, string>;
  config: Record<string, unknown>;
  /** Only the secrets typed in: the server keeps the others. */
  credentials: Record<string, string>;
  titleTemplate: string | null;
  bodyTemplate: string | null;
};

type ReceiverLike = {
  name: string;
  url: string;
  format: string;
  groupBy: string[];
  groupWait: number;
  groupInterval: number;
  repeatInterval: number;
  sendResolved: boolean;
  severities: string[] | null;
  headers: Record<string, string>;
  config?: Record<string, unknown>;
  credentialKeys?: string[];
  titleTemplate?: string | null;
  bodyTemplate?: string | null;
};

export const NEW_RECEIVER_FIELDS: ReceiverFields = {
  name: "",
  url: "",
  format: "vigil",
  groupBy: "alertname",
  groupWait: "30s",
  groupInterval: "5m",
  repeatInterval: "4h",
  sendResolved: true,
  severities: [],
  headers: "",
  config: {},
  credentials: {},
  credentialKeys: [],
  titleTemplate: "",
  bodyTemplate: "",
};

/** Another channel: its own settings, and its API base as the URL when the URL was a default or empty. */
export function withFormat(fields: ReceiverFields, format: ReceiverFormat): ReceiverFields {
  const url = fields.url.trim();
  const wasDefault = url === "" || Object.values(DEFAULT_URLS).includes(url);
  return { ...fields, format, url: wasDefault ? (DEFAULT_URLS[format] ?? "") : fields.url, config: {}, credentials: {}, credentialKeys: format === fields.format ? fields.credentialKeys : [] };
}

function configText(value: unknown): string {
  if (Array.isArray(value)) return value.join(", ");
  if (typeof value === "boolean") return value ? "true" : "";
  return typeof value === "string" || typeof value === "number" ? String(value) : "";
}

function isFormat(value: string): value is ReceiverFormat {
  return (RECEIVER_FORMATS as readonly string[]).includes(value);
}

function isSeverity(value: string): value is Severity {
  return (RECEIVER_SEVERITIES as readonly string[]).includes(value);
}

export function fieldsFromReceiver(receiver: ReceiverLike): ReceiverFields {
  return {
    name: receiver.name,
    url: receiver.url,
    format: isFormat(receiver.format) ? receiver.format : "vigil",
    groupBy: receiver.groupBy.join(", "),
    groupWait: formatDurationSpec(receiver.groupWait),
    groupInterval: formatDurationSpec(receiver.groupInterval),
    repeatInterval: formatDurationSpec(receiver.repeatInterval),
    sendResolved: receiver.sendResolved,
    severities: (receiver.severities ?? []).filter(isSeverity),
    headers: Object.entries(receiver.headers)
      .map(([name, value]) => `${name}: ${value}`)
      .join("\n"),
    config: Object.fromEntries(Object.entries(receiver.config ?? {}).map(([key, value]) => [key, configText(value)])),
    credentials: {},
    credentialKeys: receiver.credentialKeys ?? [],
    titleTemplate: receiver.titleTemplate ?? "",
    bodyTemplate: receiver.bodyTemplate ?? "",
  };
}

/** The typed settings as the server's schema takes them; empty ones are left out (its defaults apply). */
function channelConfig(format: ReceiverFormat, config: Record<string, string>): Record<string, unknown> {
  const entries = CHANNEL_FIELDS[format]
    .filter((field) => field.kind === "config")
    .flatMap((field): [string, unknown][] => {
      const text = (config[field.key] ?? "").trim();
      if (field.input === "checkbox") return text ? [[field.key, true]] : [];
      if (!text) return [];
      if (field.input === "list") return [[field.key, text.split(",").map((item) => item.trim()).filter(Boolean)]];
      return [[field.key, field.input === "textarea" ? (config[field.key] ?? "") : text]];
    });
  return Object.fromEntries(entries);
}

export type ChannelFieldErrors = Record<string, string>;

/** Required settings present; a required secret typed now or already stored. */
export function channelFieldErrors(fields: ReceiverFields): ChannelFieldErrors {
  const errors: ChannelFieldErrors = {};
  for (const field of CHANNEL_FIELDS[fields.format]) {
    if (!field.required) continue;
    const typed = (field.kind === "config" ? fields.config[field.key] : fields.credentials[field.key]) ?? "";
    if (typed.trim()) continue;
    if (field.kind === "secret" && fields.credentialKeys.includes(field.key)) continue;
    errors[field.key] = `${field.label} is required.`;
  }
  return errors;
}

const HOUR = 3_600_000;
/** Mirrors the server's routing limits (lib/alerts/receivers). */
const DURATION_LIMITS = {
  groupWait: { min: 0, max: HOUR, text: "0s to 1h" },
  groupInterval: { min: 1_000, max: 24 * HOUR, text: "1s to 24h" },
  repeatInterval: { min: 60_000, max: 30 * 24 * HOUR, text: "1m to 30d" },
} as const;
const LABEL_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const HEADER_NAME = /^[A-Za-z0-9-]+$/;

export type ReceiverFieldErrors = Partial<Record<keyof ReceiverFields, string>> & { channel?: ChannelFieldErrors };

/** The request body, or an error per field. */
export function receiverBodyFromFields(fields: ReceiverFields): { body: ReceiverBody } | { errors: ReceiverFieldErrors } {
  const errors: ReceiverFieldErrors = {};
  const name = fields.name.trim();
  if (!name) errors.name = "Give the receiver a name.";
  const url = fields.url.trim();
  if (fields.format === "email") {
    if (!/^smtps?:\/\/[^\s/@]+\/?$/i.test(url)) errors.url = "smtp://host:port or smtps://host:port.";
  } else if (!/^https?:\/\/[^\s/]+/i.test(url)) errors.url = "An http:// or https:// URL.";
  const channel = channelFieldErrors(fields);
  if (Object.keys(channel).length > 0) errors.channel = channel;
  const groupBy = fields.groupBy
    .split(/[\s,]+/)
    .map((label) => label.trim())
    .filter(Boolean);
  const badLabel = groupBy.find((label) => label !== "..." && !LABEL_NAME.test(label));
  if (badLabel) errors.groupBy = `"${badLabel}" is not a label name (or "..." for every label).`;
  for (const key of ["groupWait", "groupInterval", "repeatInterval"] as const) {
    const ms = parseDurationSpec(fields[key]);
    const limit = DURATION_LIMITS[key];
    if (ms === null) errors[key] = "A duration like 30s, 5m or 4h.";
    else if (ms < limit.min || ms > limit.max) errors[key] = `From ${limit.text}.`;
  }
  const headers: Record<string, string> = {};
  for (const line of fields.headers.split("\n")) {
    if (!line.trim()) continue;
    const colon = line.indexOf(":");
    const headerName = colon === -1 ? line.trim() : line.slice(0, colon).trim();
    if (colon === -1 || !HEADER_NAME.test(headerName)) {
      errors.headers = `"${line.trim()}": write each header as Name: value.`;
      break;
    }
    headers[headerName] = line.slice(colon + 1).trim();
  }
  if (Object.keys(errors).length > 0) return { errors };
  return {
    body: {
      name,
      url,
      format: fields.format,
      groupBy: groupBy.length ? groupBy : ["alertname"],
      groupWait: fields.groupWait.trim(),
      groupInterval: fields.groupInterval.trim(),
      repeatInterval: fields.repeatInterval.trim(),
      sendResolved: fields.sendResolved,
      ...(fields.severities.length ? { severities: fields.severities } : {}),
      headers,
      config: channelConfig(fields.format, fields.config),
      credentials: Object.fromEntries(
        CHANNEL_FIELDS[fields.format].filter((field) => field.kind === "secret" && (fields.credentials[field.key] ?? "").trim()).map((field) => [field.key, fields.credentials[field.key].trim()]),
      ),
      titleTemplate: fields.titleTemplate.trim() ? fields.titleTemplate : null,
      bodyTemplate: fields.bodyTemplate.trim() ? fields.bodyTemplate : null,
    },
  };
}
