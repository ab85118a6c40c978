import { quantileOf } from "../support/latency-histogram";

export type Series = { system: string; setting: string; samples: number[]; failures: number };

export type Summary = { median: number; p99: number; max: number };

export function summarize(samples: readonly number[]): Summary {
  if (samples.length === 0) return { median: Number.NaN, p99: Number.NaN, max: Number.NaN };
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, p99: quantileOf(sorted, 0.99), max: sorted[sorted.length - 1] };
}

export function seconds(ms: number): string {
  return Number.isFinite(ms) ? `${(ms / 1000).toFixed(2)} s` : "n/a";
}

/** A fixed-width text table: one row per series. */
export function printSeriesTable(series: readonly Series[]): void {
  const header = ["system", "setting", "trials", "median", "p99", "max"];
  const rows = series.map((s) => {
    const { median, p99, max } = summarize(s.samples);
    const trials = s.failures > 0 ? `${s.samples.length} (+${s.failures} failed)` : String(s.samples.length);
    return [s.system, s.setting, trials, seconds(median), seconds(p99), seconds(max)];
  });
  printTable(header, rows);
}

function printTable(header: readonly string[], rows: readonly string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => c.padEnd(widths[i])).join("  ").trimEnd();
  console.log(line(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const row of rows) console.log(line(row));
}

export type ClientSeries = { system: string; event: string; results: { unavailableMs: number; lost: number; acknowledged: number; errors: number }[]; failures: number };

/** One row per series: write unavailability as the client saw it, and acknowledged writes lost. */
export function printClientTable(series: readonly ClientSeries[]): void {
  const header = ["system", "event", "trials", "unavailable median", "max", "acknowledged", "lost", "errors"];
  const rows = series.map((s) => {
    const { median, max } = summarize(s.results.map((r) => r.unavailableMs));
    const total = (pick: (r: ClientSeries["results"][number]) => number) => String(s.results.reduce((sum, r) => sum + pick(r), 0));
    const trials = s.failures > 0 ? `${s.results.length} (+${s.failures} failed)` : String(s.results.length);
    return [s.system, s.event, trials, seconds(median), seconds(max), total((r) => r.acknowledged), total((r) => r.lost), total((r) => r.errors)];
  });
  printTable(header, rows);
}
