/**
 * Durations as Alertmanager writes them ("0s", "30s", "5m", "4h", "1h30m"): the receivers API
 * takes them as text and answers milliseconds. Mirrors lib/alerts/duration without zod.
 */

const UNIT_MS = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1_000, ms: 1 } as const;
const UNITS_LARGEST_FIRST = ["d", "h", "m", "s", "ms"] as const;

export function parseDurationSpec(text: string): number | null {
  const trimmed = text.trim();
  if (!/^(\d+(ms|s|m|h|d))+$/.test(trimmed)) return null;
  let total = 0;
  for (const [, amount, unit] of trimmed.matchAll(/(\d+)(ms|s|m|h|d)/g)) total += Number(amount) * UNIT_MS[unit as keyof typeof UNIT_MS];
  return total;
}

/** The shortest spelling that parses back to the same value: 90 000 → "1m30s", 0 → "0s". */
export function formatDurationSpec(ms: number): string {
  let rest = Math.max(0, Math.round(ms));
  if (rest === 0) return "0s";
  let text = "";
  for (const unit of UNITS_LARGEST_FIRST) {
    const amount = Math.floor(rest / UNIT_MS[unit]);
    if (amount === 0) continue;
    text += `${amount}${unit}`;
    rest -= amount * UNIT_MS[unit];
  }
  return text;
}
