/**
 * Editing the recovery policy document `{ default, groups: { <groupId>: partial overrides } }` in
 * the browser. Only shape is checked here; the server validates values and answers 400 with why.
 */

export type OverrideLike = { mode?: string } & Record<string, unknown>;
export type PolicyDocLike<D> = { default: D; groups: Record<string, OverrideLike> };

/** Every leaf of an override as "failover.confirmWindowMs = 2000" (mode left out: it has its own column). */
export function describeOverride(override: OverrideLike): string[] {
  const lines: string[] = [];
  const walk = (value: unknown, path: string) => {
    if (typeof value === "object" && value !== null && !Array.isArray(value)) {
      for (const [key, inner] of Object.entries(value)) walk(inner, path ? `${path}.${key}` : key);
      return;
    }
    lines.push(`${path} = ${JSON.stringify(value)}`);
  };
  for (const [key, value] of Object.entries(override)) {
    if (key === "mode" || value === undefined) continue;
    walk(value, key);
  }
  return lines;
}

/** The override without its mode, as the editor's "advanced" JSON text ("" when nothing else is set). */
export function overrideRestJson(override: OverrideLike | undefined): string {
  if (!override) return "";
  const rest = Object.fromEntries(Object.entries(override).filter(([key, value]) => key !== "mode" && value !== undefined));
  return Object.keys(rest).length ? JSON.stringify(rest, null, 2) : "";
}

export type OverrideParse = { ok: true; value: Record<string, unknown> } | { ok: false; error: string };

/** The advanced text: empty, or a JSON object (without "mode": that is chosen above it). */
export function parseOverrideJson(text: string): OverrideParse {
  const trimmed = text.trim();
  if (!trimmed) return { ok: true, value: {} };
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch (error) {
    return { ok: false, error: `Not valid JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return { ok: false, error: 'Must be a JSON object, e.g. { "failover": { "confirmWindowMs": 2000 } }' };
  if ("mode" in parsed) return { ok: false, error: "Choose the mode above, not in the JSON." };
  return { ok: true, value: parsed as Record<string, unknown> };
}

/**
 * The document with one group's override replaced. `mode` null means "inherit the default";
 * an override left empty is removed altogether.
 */
export function withGroupOverride<D>(document: PolicyDocLike<D>, groupId: string, mode: string | null, rest: Record<string, unknown>): PolicyDocLike<D> {
  const override: OverrideLike = { ...rest, ...(mode ? { mode } : {}) };
  const groups = { ...document.groups };
  if (Object.keys(override).length === 0) delete groups[groupId];
  else groups[groupId] = override;
  return { ...document, groups };
}

export function withoutGroupOverride<D>(document: PolicyDocLike<D>, groupId: string): PolicyDocLike<D> {
  const groups = { ...document.groups };
  delete groups[groupId];
  return { ...document, groups };
}

export function withDefaultMode<D extends { mode: string }>(document: PolicyDocLike<D>, mode: D["mode"]): PolicyDocLike<D> {
  return { ...document, default: { ...document.default, mode } };
}
