export const LOG_TIME_PRESETS = [
  { value: "15m", label: "Last 15 minutes", ms: 15 * 60_000 },
  { value: "1h", label: "Last hour", ms: 3600_000 },
  { value: "6h", label: "Last 6 hours", ms: 6 * 3600_000 },
  { value: "24h", label: "Last 24 hours", ms: 24 * 3600_000 },
  { value: "7d", label: "Last 7 days", ms: 7 * 24 * 3600_000 },
  { value: "all", label: "Any time (no text search)", ms: null },
  { value: "custom", label: "Custom range…", ms: null },
] as const;

export type LogTimePreset = (typeof LOG_TIME_PRESETS)[number]["value"];

export type LogTimeRange = { from?: number; to?: number };

/** "2026-11-26T14:03" from an <input type="datetime-local"> is local time; empty means open-ended. */
export function parseLocalDateTime(value: string): number | undefined {
  if (!value) return undefined;
  const ts = new Date(value).getTime();
  return Number.isNaN(ts) ? undefined : ts;
}

/**
 * Relative presets are anchored when the search runs, so "last hour" means the hour before you
 * asked. "Any time" is an explicit `from=0`: without `from` the server searches the last hour.
 */
export function resolveLogTimeRange(preset: LogTimePreset, anchor: number, customFrom: string, customTo: string): LogTimeRange {
  if (preset === "custom") return { from: parseLocalDateTime(customFrom), to: parseLocalDateTime(customTo) };
  if (preset === "all") return { from: 0 };
  const match = LOG_TIME_PRESETS.find((candidate) => candidate.value === preset);
  if (!match || match.ms === null) return {};
  return { from: anchor - match.ms };
}

const WIDENING: readonly LogTimePreset[] = ["15m", "1h", "6h", "24h", "7d", "all"];

/**
 * The next wider relative preset, or null when there is none. A text search stops at 7 days,
 * the widest window the server searches text over (MAX_TEXT_SEARCH_WINDOW_MS).
 */
export function widerLogTimePreset(preset: LogTimePreset, textSearch: boolean): LogTimePreset | null {
  const at = WIDENING.indexOf(preset);
  if (at < 0) return null;
  const next = WIDENING[at + 1];
  if (!next || (textSearch && next === "all")) return null;
  return next;
}

export function logTimePresetLabel(preset: LogTimePreset): string {
  return LOG_TIME_PRESETS.find((candidate) => candidate.value === preset)?.label ?? preset;
}

export function isLogTimePreset(value: string): value is LogTimePreset {
  return LOG_TIME_PRESETS.some((preset) => preset.value === value);
}
