import { z } from "zod";

const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** Durations as Alertmanager writes them: "0s", "30s", "5m", "4h", "1h30m". */
export function parseDuration(text: string): number | null {
  const trimmed = text.trim();
  if (!/^(\d+(ms|s|m|h|d))+$/.test(trimmed)) return null;
  let total = 0;
  for (const [, amount, unit] of trimmed.matchAll(/(\d+)(ms|s|m|h|d)/g)) total += Number(amount) * UNIT_MS[unit as keyof typeof UNIT_MS];
  return total;
}

export const durationSchema = z.string().max(32).transform((text, context) => {
  const ms = parseDuration(text);
  if (ms === null) {
    context.addIssue({ code: "custom", message: `"${text}" is not a duration like 30s, 5m or 4h` });
    return z.NEVER;
  }
  return ms;
});
