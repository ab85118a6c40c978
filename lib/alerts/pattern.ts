import { RE2JS, RE2JSSyntaxException } from "re2js";

/**
 * Operators' regular expressions (silence and routing matchers, log-pattern rules), compiled
 * with RE2 semantics as Prometheus and Alertmanager do: matching takes time linear in the input,
 * so no pattern can stall the alert loop (`(a+)+$` is as cheap as `a+$`). Backreferences,
 * lookaround and possessive quantifiers are not RE2 and are refused with the reason. Pure, and
 * free of zod: the browser's forms use it too, so they say what the API would refuse.
 */

/** Regexes are evaluated on every alert and every log line: their source length is bounded. */
export const MAX_PATTERN_LENGTH = 256;
/**
 * RE2's cost is linear in the input times the compiled program's size; `.{1000}` compiles to a
 * thousand instructions and costs milliseconds a line. Bounding the program keeps a test cheap.
 */
export const MAX_PATTERN_PROGRAM = 1000;

export type PatternMode = "anchored" | "search";
export type PatternOptions = { mode: PatternMode; ignoreCase?: boolean };
export type Pattern = { test(input: string): boolean };

type Compiled = { ok: true; pattern: Pattern } | { ok: false; problem: string };

/** The reason RE2 refuses a construct, in an operator's words; null when it is not one we recognise. */
function knownConstruct(input: string | null): string | null {
  if (!input) return null;
  if (/^\\[1-9]/.test(input)) return `backreferences such as ${input} are not supported`;
  if (input.startsWith("(?=") || input.startsWith("(?!")) return "lookahead (?= …) and (?! …) is not supported";
  if (input.startsWith("(?<=") || input.startsWith("(?<!")) return "lookbehind (?<= …) and (?<! …) is not supported";
  if (/^[*+?}][+]$|^[*+?][*+?]$/.test(input)) return `possessive or stacked quantifiers such as ${input} are not supported`;
  return null;
}

function reasonFor(error: unknown): string {
  if (error instanceof RE2JSSyntaxException) {
    const known = knownConstruct(error.input);
    if (known) return known;
    return error.input ? `${error.error}: ${error.input}` : error.error;
  }
  return error instanceof Error ? error.message : String(error);
}

function compileUncached(source: string, options: PatternOptions): Compiled {
  if (source.length > MAX_PATTERN_LENGTH) return { ok: false, problem: `pattern longer than ${MAX_PATTERN_LENGTH} characters` };
  let compiled: RE2JS;
  try {
    const flags = options.ignoreCase ? RE2JS.CASE_INSENSITIVE : 0;
    compiled = RE2JS.compile(source, flags);
    // Anchored like Prometheus' matchers: `a|b` means exactly "a" or "b". The source compiled on
    // its own first, so `a)|(b` cannot slip out of the wrapping.
    if (options.mode === "anchored") compiled = RE2JS.compile(`^(?:${source})$`, flags);
  } catch (error) {
    return { ok: false, problem: `not an RE2 pattern: ${reasonFor(error)}` };
  }
  const size = compiled.programSize();
  if (size > MAX_PATTERN_PROGRAM) {
    return { ok: false, problem: `pattern too complex: it compiles to ${size} instructions, at most ${MAX_PATTERN_PROGRAM} (use smaller {n,m} repeats)` };
  }
  return { ok: true, pattern: { test: (input) => compiled.test(input) } };
}

// Memoised: the same silence or rule is tested against every alert on every tick. Cleared
// wholesale when large, so a stream of distinct patterns cannot grow it.
const cache = new Map<string, Compiled>();
const MAX_CACHED = 1000;

function compileCached(source: string, options: PatternOptions): Compiled {
  const key = `${options.mode}:${options.ignoreCase ? "i" : ""}:${source}`;
  const hit = cache.get(key);
  if (hit) return hit;
  if (cache.size >= MAX_CACHED) cache.clear();
  const compiled = compileUncached(source, options);
  cache.set(key, compiled);
  return compiled;
}

/** Why this pattern is refused ("not an RE2 pattern: …", too long, too complex), or null when it is accepted. */
export function patternProblem(source: string, options: PatternOptions = { mode: "anchored" }): string | null {
  const compiled = compileCached(source, options);
  return compiled.ok ? null : compiled.problem;
}

/**
 * The compiled pattern, or null when it is refused. Callers holding patterns stored before RE2
 * was required treat null as "matches nothing" (a silence or route that mutes or catches nothing,
 * a log rule that counts nothing), which errs toward notifying.
 */
export function compilePattern(source: string, options: PatternOptions): Pattern | null {
  const compiled = compileCached(source, options);
  return compiled.ok ? compiled.pattern : null;
}
