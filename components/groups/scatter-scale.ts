/**
 * Axes for the canvas scatter: a domain from the data (what Recharts did with "auto"), a linear
 * or log mapping to pixels, and round tick values. Pure, so the drawing and its tests agree.
 */

export type DomainBound = number | "auto" | "dataMin" | "dataMax";
export type DomainSpec = readonly [DomainBound, DomainBound];

export type Scale = {
  domain: readonly [number, number];
  log: boolean;
  /** Data value → pixel (range[0] at domain[0]). */
  toPixel: (value: number) => number;
  ticks: number[];
};

/** A step of 1, 2 or 5 × 10^n giving about `count` intervals over `span` (d3's rounding: the nearest on a log scale). */
function niceStep(span: number, count: number): number {
  const raw = span / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const ratio = raw / power;
  const nice = ratio >= Math.sqrt(50) ? 10 : ratio >= Math.sqrt(10) ? 5 : ratio >= Math.SQRT2 ? 2 : 1;
  return nice * power;
}

/**
 * Resolves "auto" and "dataMin"/"dataMax" bounds from the values. "auto" rounds outwards to a
 * tick step, as chart libraries do; a flat or empty series still gets a domain of some width.
 */
export function resolveDomain(spec: DomainSpec, values: readonly number[], log: boolean): [number, number] {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const value of values) {
    if (!Number.isFinite(value) || (log && value <= 0)) continue;
    if (value < min) min = value;
    if (value > max) max = value;
  }
  if (min > max) {
    min = log ? 1 : 0;
    max = log ? 10 : 1;
  }
  let low = typeof spec[0] === "number" ? spec[0] : min;
  let high = typeof spec[1] === "number" ? spec[1] : max;
  if (log) {
    low = Math.max(low, Number.MIN_VALUE);
    if (high <= low) high = low * 10;
    return [low, high];
  }
  if (high <= low) {
    const pad = Math.abs(low) > 0 ? Math.abs(low) * 0.1 : 1;
    low -= spec[0] === "auto" ? pad : 0;
    high += pad;
  }
  const step = niceStep(high - low, 5);
  if (spec[0] === "auto") low = Math.floor(low / step) * step;
  if (spec[1] === "auto") high = Math.ceil(high / step) * step;
  return [low, high];
}

function linearTicks(low: number, high: number, count: number): number[] {
  const step = niceStep(high - low, count);
  const ticks: number[] = [];
  const first = Math.ceil(low / step - 1e-9) * step;
  for (let value = first; value <= high + step * 1e-9; value += step) ticks.push(Math.abs(value) < step * 1e-9 ? 0 : Number(value.toPrecision(12)));
  return ticks;
}

/** Powers of ten inside the domain; with fewer than three, the 2× and 5× between them too. */
function logTicks(low: number, high: number): number[] {
  const decades: number[] = [];
  for (let exponent = Math.floor(Math.log10(low)); exponent <= Math.ceil(Math.log10(high)); exponent++) decades.push(10 ** exponent);
  const inside = (value: number) => value >= low * (1 - 1e-9) && value <= high * (1 + 1e-9);
  const powers = decades.filter(inside);
  if (powers.length >= 3) return powers.length > 8 ? powers.filter((_, index) => index % Math.ceil(powers.length / 8) === 0) : powers;
  return decades.flatMap((decade) => [decade, 2 * decade, 5 * decade]).filter(inside);
}

/** A scale from `domain` to pixels `range` (range[0] is where domain[0] lands; y axes pass [bottom, top]). */
export function makeScale(domain: readonly [number, number], range: readonly [number, number], log: boolean, tickCount = 5): Scale {
  const [low, high] = domain;
  const [start, end] = range;
  if (log) {
    const logLow = Math.log10(low);
    const logSpan = Math.log10(high) - logLow || 1;
    return {
      domain,
      log,
      toPixel: (value) => start + ((Math.log10(Math.max(value, low / 1e6)) - logLow) / logSpan) * (end - start),
      ticks: logTicks(low, high),
    };
  }
  const span = high - low || 1;
  return { domain, log, toPixel: (value) => start + ((value - low) / span) * (end - start), ticks: linearTicks(low, high, tickCount) };
}
