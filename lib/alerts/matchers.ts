import { z } from "zod";
import type { Labels } from "./alert";
import { compilePattern, MAX_PATTERN_LENGTH, patternProblem } from "./pattern";

/** Label names as Prometheus allows them. */
export const labelNameSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "label names use letters, digits and _ and do not start with a digit");

/** Regexes are user input evaluated on every alert: bound them so one cannot stall the loop. */
export const MAX_REGEX_LENGTH = MAX_PATTERN_LENGTH;
const MAX_VALUE_LENGTH = 1024;

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
  .superRefine((m, ctx) => {
    const problem = m.isRegex ? patternProblem(m.value, { mode: "anchored" }) : null;
    if (problem) ctx.addIssue({ code: "custom", message: problem, path: ["value"] });
  });
export type Matcher = z.infer<typeof matcherSchema>;
/** What callers may write: the flags are optional. */
export type MatcherInput = z.input<typeof matcherSchema>;

/**
 * A missing label matches as the empty string, as in Alertmanager (so `env!="prod"` matches an
 * alert without env). A regex refused by RE2 (stored before RE2 was required) makes the matcher
 * fail whichever its sense, so such a silence mutes nothing and such a route catches nothing.
 */
export function matches(matcher: MatcherInput, labels: Labels): boolean {
  const actual = labels[matcher.name] ?? "";
  let hit: boolean;
  if (matcher.isRegex) {
    const pattern = compilePattern(matcher.value, { mode: "anchored" });
    if (!pattern) return false;
    hit = pattern.test(actual);
  } else {
    hit = actual === matcher.value;
  }
  return (matcher.isEqual ?? true) ? hit : !hit;
}

/** All matchers must match (an empty list matches everything). */
export function matchesAll(matchers: readonly MatcherInput[], labels: Labels): boolean {
  for (const matcher of matchers) if (!matches(matcher, labels)) return false;
  return true;
}
