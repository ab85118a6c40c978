/** A `--flag value` that must be a positive finite number; `fallback` when the flag is absent. */
export function positiveNumberOption(raw: string | undefined, name: string, fallback: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!(value > 0) || !Number.isFinite(value)) throw new Error(`--${name} expects a positive number, got "${raw}"`);
  return value;
}
