import { z } from "zod";
import type { Labels } from "./alert";

/** Label names as Prometheus allows them. */
export const labelNameSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "label names use letters, digits and _ and do not start with a digit");

/** Regexes are user input evaluated on every alert: bound them so one cannot stall the loop. */
export const MAX_REGEX_LENGTH = 256;
const MAX_VALUE_LENGTH = 1024;

/** A regex is anchored at both ends, like Alertmanager (`a|b` means exactly "a" or "b"). */
export function anchoredRegex(source: string): RegExp {
  return new RegExp(`^(?:${source})$`);
}

function compiles(source: string): boolean {
  try {
    anchoredRegex(source);
    return true;
  } catch {
    return false;
  }
}

/**
 * Alertmanager's matcher (API v2 shape): `name = value`, `name != value`, `name =~ regex`,
 * `name !~ regex`. `isEqual` defaults to true, `isRegex` to false.
 */
export const matcherSchema = z
  .object({
    name: labelNameSchema,
    value: z.string().max(MAX_VALUE_LENGTH),
    isRegex: z.boolean().default(false),
    isEqual: z.boolean().default(true),
  })
  .refine((m) => !m.isRegex || m.value.length <= MAX_REGEX_LENGTH, { message: `regex longer than ${MAX_REGEX_LENGTH} characters`, path: ["value"] })
  .refine((m) => !m.isRegex || compiles(m.value), { message: "invalid regular expression", path: ["value"] });
export type Matcher = z.infer<typeof matcherSchema>;
/** What callers may write: the flags are optional. */
export type MatcherInput = z.input<typeof matcherSchema>;

// Compiled regexes are memoised: the same silence or inhibit rule is checked against every alert
// on every tick. Cleared wholesale when large, so a stream of distinct regexes cannot grow it.
const compiled = new Map<string, RegExp>();
const MAX_COMPILED = 1000;

function regexFor(source: string): RegExp {
  const hit = compiled.get(source);
  if (hit) return hit;
  if (compiled.size >= MAX_COMPILED) compiled.clear();
  const regex = anchoredRegex(source);
  compiled.set(source, regex);
  return regex;
}

/** A missing label matches as the empty string, as in Alertmanager (so `env!="prod"` matches an alert without env). */
export function matches(matcher: MatcherInput, labels: Labels): boolean {
  const actual = labels[matcher.name] ?? "";
  const hit = matcher.isRegex ? regexFor(matcher.value).test(actual) : actual === matcher.value;
  return (matcher.isEqual ?? true) ? hit : !hit;
}

/** All matchers must match (an empty list matches everything). */
export function matchesAll(matchers: readonly MatcherInput[], labels: Labels): boolean {
  for (const matcher of matchers) if (!matches(matcher, labels)) return false;
  return true;
}
