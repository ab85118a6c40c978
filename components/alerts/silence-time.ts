/** When a new silence ends: a preset length from now, or an end time the operator typed. */

export type SilenceDurationPreset = "1h" | "2h" | "1d" | "custom";
export const SILENCE_PRESETS: readonly { value: SilenceDurationPreset; label: string }[] = [
  { value: "1h", label: "1 h" },
  { value: "2h", label: "2 h" },
  { value: "1d", label: "1 day" },
  { value: "custom", label: "Until…" },
];
export const DEFAULT_SILENCE_PRESET: SilenceDurationPreset = "2h";

const PRESET_MS: Record<Exclude<SilenceDurationPreset, "custom">, number> = { "1h": 3_600_000, "2h": 7_200_000, "1d": 86_400_000 };

function pad2(value: number): string {
  return String(value).padStart(2, "0");
}

/** The value an `<input type="datetime-local">` shows for a moment, in local time, to the minute. */
export function toDateTimeLocal(ms: number): string {
  const date = new Date(ms);
  return `${date.getFullYear()}-${pad2(date.getMonth() + 1)}-${pad2(date.getDate())}T${pad2(date.getHours())}:${pad2(date.getMinutes())}`;
}

/** Parses a datetime-local value as local time; null when empty or malformed. */
export function fromDateTimeLocal(text: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(text);
  if (!match) return null;
  const [, year, month, day, hours, minutes, seconds] = match;
  const date = new Date(Number(year), Number(month) - 1, Number(day), Number(hours), Number(minutes), Number(seconds ?? 0));
  return Number.isNaN(date.getTime()) ? null : date.getTime();
}

/** The end as epoch ms, or why there is none yet. */
export function silenceEndsAt(preset: SilenceDurationPreset, customText: string, now: number): { endsAt: number } | { problem: string } {
  if (preset !== "custom") return { endsAt: now + PRESET_MS[preset] };
  const endsAt = fromDateTimeLocal(customText);
  if (endsAt === null) return { problem: "Choose when the silence ends." };
  if (endsAt <= now) return { problem: "The end time is in the past." };
  return { endsAt };
}
