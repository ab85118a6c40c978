import { formatDurationSpec, parseDurationSpec } from "./duration-spec";

/** The receiver form's text fields and what POST/PATCH /api/v1/receivers takes. Pure. */

export const RECEIVER_FORMATS = ["vigil", "alertmanager", "slack"] as const;
export type ReceiverFormat = (typeof RECEIVER_FORMATS)[number];
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
};

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
  };
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

export type ReceiverFieldErrors = Partial<Record<keyof ReceiverFields, string>>;

/** The request body, or an error per field. */
export function receiverBodyFromFields(fields: ReceiverFields): { body: ReceiverBody } | { errors: ReceiverFieldErrors } {
  const errors: ReceiverFieldErrors = {};
  const name = fields.name.trim();
  if (!name) errors.name = "Give the receiver a name.";
  const url = fields.url.trim();
  if (!/^https?:\/\/[^\s/]+/i.test(url)) errors.url = "An http:// or https:// URL.";
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
    },
  };
}
