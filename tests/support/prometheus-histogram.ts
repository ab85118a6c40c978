/**
 * A Prometheus histogram as scraped (cumulative `_bucket{le=…}` counts), read over a window:
 * the difference of two scrapes, its quantiles and its tail. Pure: data in, data out.
 */

/** Cumulative counts by upper bound in seconds, ascending; the last bound is +Inf. */
export type Histogram = { le: number; count: number }[];

const LE = /le="([^"]+)"/;

/** Every sample of a GET /metrics body (Prometheus text format), keyed by name with its labels as printed. */
export function parsePrometheusText(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.split("\n")) {
    if (!line || line.startsWith("#")) continue;
    const space = line.lastIndexOf(" ");
    samples.set(line.slice(0, space), Number(line.slice(space + 1)));
  }
  return samples;
}

/** Every sample a Vigil instance serves on GET /metrics. */
export async function scrapeMetricsAt(baseUrl: string): Promise<Map<string, number>> {
  return parsePrometheusText(await (await fetch(`${baseUrl}/metrics`)).text());
}

/** The `name` histogram out of scraped samples (`scrapeMetrics`); empty when absent. */
export function histogramFrom(samples: ReadonlyMap<string, number>, name: string): Histogram {
  const buckets: Histogram = [];
  for (const [key, count] of samples) {
    if (!key.startsWith(`${name}_bucket{`)) continue;
    const match = LE.exec(key);
    if (!match) continue;
    buckets.push({ le: match[1] === "+Inf" ? Number.POSITIVE_INFINITY : Number(match[1]), count });
  }
  return buckets.sort((a, b) => a.le - b.le);
}

/** What was observed between two scrapes of the same histogram (a restart would show as negative: clamped). */
export function histogramDelta(after: Histogram, before: Histogram): Histogram {
  return after.map(({ le, count }) => ({ le, count: Math.max(0, count - (before.find((each) => each.le === le)?.count ?? 0)) }));
}

/** Sums the same histogram of several processes (the instances of a cluster). */
export function histogramSum(parts: Histogram[]): Histogram {
  const [first = []] = parts;
  return first.map(({ le }) => ({ le, count: parts.reduce((total, part) => total + (part.find((each) => each.le === le)?.count ?? 0), 0) }));
}

export function histogramTotal(histogram: Histogram): number {
  return histogram.at(-1)?.count ?? 0;
}

/**
 * The q-quantile as Prometheus' histogram_quantile reads it (linear inside the bucket), and the
 * bucket's upper bound, which is what a target such as "p99 < 100 ms" can be judged on exactly
 * when the target is a bucket bound. NaN without observations.
 */
export function histogramQuantile(histogram: Histogram, q: number): { estimate: number; upperBound: number } {
  const total = histogramTotal(histogram);
  if (total === 0) return { estimate: Number.NaN, upperBound: Number.NaN };
  const rank = q * total;
  let lowerBound = 0;
  let below = 0;
  for (const { le, count } of histogram) {
    if (count >= rank) {
      if (!Number.isFinite(le)) return { estimate: lowerBound, upperBound: le };
      const inBucket = count - below;
      const estimate = inBucket > 0 ? lowerBound + ((rank - below) / inBucket) * (le - lowerBound) : le;
      return { estimate, upperBound: le };
    }
    lowerBound = le;
    below = count;
  }
  return { estimate: Number.NaN, upperBound: Number.NaN };
}

/** Observations above `seconds`, which must be one of the bucket bounds (else NaN). */
export function countAbove(histogram: Histogram, seconds: number): number {
  const bucket = histogram.find((each) => each.le === seconds);
  return bucket ? histogramTotal(histogram) - bucket.count : Number.NaN;
}

/** The bucket the largest observation fell in, as (lower, upper]; undefined without observations. */
export function largestBucket(histogram: Histogram): { lower: number; upper: number } | undefined {
  for (let index = histogram.length - 1; index >= 0; index--) {
    const below = index === 0 ? 0 : histogram[index - 1].count;
    if (histogram[index].count > below) return { lower: index === 0 ? 0 : histogram[index - 1].le, upper: histogram[index].le };
  }
  return undefined;
}
