import { LIMITS } from "../lib/protocol/agent";
import type { LogLevel } from "../lib/protocol/common";

export type ParsedLogLine = {
  level: LogLevel;
  message: string;
  fields: Record<string, string | number | boolean | null>;
};

const MAX_FIELD_CHARS = 1024;
const PINO_LEVELS: [number, LogLevel][] = [
  [60, "fatal"],
  [50, "error"],
  [40, "warn"],
  [30, "info"],
  [20, "debug"],
  [10, "trace"],
];
const NAMED_LEVELS: Record<string, LogLevel> = {
  trace: "trace",
  debug: "debug",
  info: "info",
  information: "info",
  notice: "info",
  warn: "warn",
  warning: "warn",
  error: "error",
  err: "error",
  fatal: "fatal",
  critical: "fatal",
  crit: "fatal",
  panic: "fatal",
};
// Most severe first so "ERROR while handling WARN" reads as an error.
const KEYWORDS: [RegExp, LogLevel][] = [
  [/\b(fatal|panic|crit(ical)?)\b/i, "fatal"],
  [/\b(error|err)\b/i, "error"],
  [/\bwarn(ing)?\b/i, "warn"],
  [/\binfo\b/i, "info"],
  [/\bdebug\b/i, "debug"],
  [/\btrace\b/i, "trace"],
];
const MESSAGE_KEYS = ["msg", "message"];

/** Turns one raw line into level, message and fields: JSON (pino, bunyan, ...) or plain text. */
export function parseLogLine(line: string): ParsedLogLine {
  const message = line.length > LIMITS.logMessageChars ? line.slice(0, LIMITS.logMessageChars) : line;
  const json = line.startsWith("{") ? parseJsonObject(line) : undefined;
  if (!json) return { level: levelFromKeywords(message), message, fields: {} };

  const level = levelFromValue(json.level) ?? levelFromKeywords(message);
  const fields: ParsedLogLine["fields"] = {};
  let jsonMessage: string | undefined;
  for (const [key, value] of Object.entries(json)) {
    if (MESSAGE_KEYS.includes(key) && typeof value === "string" && jsonMessage === undefined) {
      jsonMessage = value;
      continue;
    }
    if (key === "level" || key.length === 0 || key.length > 64) continue;
    if (Object.keys(fields).length >= LIMITS.logFieldsPerEntry - 1) break;
    if (typeof value === "string") fields[key] = value.slice(0, MAX_FIELD_CHARS);
    else if ((typeof value === "number" && Number.isFinite(value)) || typeof value === "boolean" || value === null) {
      fields[key] = value;
    }
  }
  const text = jsonMessage ?? message;
  return { level, message: text.slice(0, LIMITS.logMessageChars), fields };
}

function parseJsonObject(line: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(line);
    if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
    return Object.fromEntries(Object.entries(value));
  } catch {
    return undefined;
  }
}

function levelFromValue(value: unknown): LogLevel | undefined {
  if (typeof value === "number") return PINO_LEVELS.find(([threshold]) => value >= threshold)?.[1] ?? "trace";
  if (typeof value === "string") return NAMED_LEVELS[value.toLowerCase()];
  return undefined;
}

function levelFromKeywords(message: string): LogLevel {
  for (const [pattern, level] of KEYWORDS) if (pattern.test(message)) return level;
  return "info";
}
