import { z } from "zod";
import type { Alert } from "./alert";
import { matches, matchesAll, matcherSchema, type Matcher } from "./matchers";

/**
 * Zod 4 runs this object-level check even when a matcher's own regex check failed, so an invalid
 * regex must not throw here; it is reported by the matcher's check.
 */
function matchesEmpty(matcher: Matcher): boolean {
  try {
    return matches(matcher, {});
  } catch {
    return true;
  }
}

/**
 * A silence mutes every alert its matchers all match while `startsAt <= now < endsAt`.
 * Like Alertmanager it must name at least one matcher that does not match the empty string, so
 * a typo (`foo=~".*"`) cannot silence the whole fleet.
 */
export const silenceSchema = z
  .object({
    id: z.string().min(1).max(128),
    matchers: z.array(matcherSchema).min(1).max(32),
    startsAt: z.number().int(),
    endsAt: z.number().int(),
    createdBy: z.string().min(1).max(200),
    comment: z.string().max(2000),
  })
  .refine((s) => s.endsAt > s.startsAt, { message: "endsAt must be after startsAt", path: ["endsAt"] })
  .refine((s) => s.matchers.some((m) => !matchesEmpty(m)), {
    message: "at least one matcher must not match an empty label (it would silence everything)",
    path: ["matchers"],
  });
export type Silence = z.infer<typeof silenceSchema>;

export type SilenceState = "pending" | "active" | "expired";

export function silenceState(silence: Pick<Silence, "startsAt" | "endsAt">, now: number): SilenceState {
  if (now < silence.startsAt) return "pending";
  if (now >= silence.endsAt) return "expired";
  return "active";
}

/** The ids of the active silences muting this alert (empty when none). */
export function silencedBy(alert: Pick<Alert, "labels">, silences: readonly Silence[], now: number): string[] {
  const ids: string[] = [];
  for (const silence of silences) {
    if (silenceState(silence, now) !== "active") continue;
    if (matchesAll(silence.matchers, alert.labels)) ids.push(silence.id);
  }
  return ids;
}

export function isSilenced(alert: Pick<Alert, "labels">, silences: readonly Silence[], now: number): boolean {
  return silencedBy(alert, silences, now).length > 0;
}

/** Equality matchers for every label of the alert, name order: the form to prefill "silence this". */
export function matchersForAlert(alert: Pick<Alert, "labels">): Matcher[] {
  return Object.keys(alert.labels)
    .sort()
    .map((name) => ({ name, value: alert.labels[name], isRegex: false, isEqual: true }));
}
