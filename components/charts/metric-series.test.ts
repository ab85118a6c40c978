import assert from "node:assert/strict";
import { test } from "node:test";
import type { MetricPoint } from "@/lib/protocol/views";
import { appendMetricPoints, appendRateSample, breakGaps, downsampleMetricPoints, toChartRows } from "./metric-series";

function point(ts: number, cpu: number | null): MetricPoint {
  return { ts, cpu, mem: 0.5, disk: 0.1, netIn: 10, netOut: 20, load1: 1, latencyMs: null, errorRate: 0 };
}

test("appendMetricPoints keeps order, skips replays and trims the window", () => {
  const existing = [point(1, 0.1), point(2, 0.2), point(3, 0.3)];
  assert.equal(appendMetricPoints(existing, [point(2, 0.9)], 0), existing);
  const appended = appendMetricPoints(existing, [point(5, 0.5), point(4, 0.4)], 2);
  assert.deepEqual(appended.map((p) => p.ts), [2, 3, 4, 5]);
});

test("downsampleMetricPoints averages buckets and keeps extremes in the band", () => {
  const points = [point(1, 0.1), point(2, 0.9), point(3, 0.2), point(4, 0.4)];
  const reduced = downsampleMetricPoints(points, 2);
  assert.equal(reduced.length, 2);
  assert.equal(reduced[0].ts, 2);
  assert.ok(Math.abs((reduced[0].cpu ?? 0) - 0.5) < 1e-9);
  assert.equal(reduced[0].min?.cpu, 0.1);
  assert.equal(reduced[0].max?.cpu, 0.9);
  assert.equal(reduced[0].latencyMs, null);
  assert.equal(downsampleMetricPoints(points, 10), points);
});

test("toChartRows adds bands only where min and max exist", () => {
  const [plain, rolled] = toChartRows([
    point(1, 0.1),
    { ...point(2, 0.2), min: { ...point(0, 0.1) }, max: { ...point(0, 0.4) } },
  ]);
  assert.equal(plain.cpuBand, undefined);
  assert.deepEqual(rolled.cpuBand, [0.1, 0.4]);
  assert.equal(rolled.latencyMsBand, undefined);
});

test("appendRateSample keeps a rolling window", () => {
  let samples = appendRateSample([], { ts: 0, value: 1 }, 10);
  samples = appendRateSample(samples, { ts: 5, value: 2 }, 10);
  samples = appendRateSample(samples, { ts: 5, value: 9 }, 10);
  samples = appendRateSample(samples, { ts: 12, value: 3 }, 10);
  assert.deepEqual(samples.map((s) => s.value), [2, 3]);
});

test("breakGaps puts an empty row inside long silences only", () => {
  const rows = toChartRows([point(0, 0.1), point(1000, 0.2), point(2000, 0.3), point(60_000, 0.4), point(61_000, 0.5)]);
  const broken = breakGaps(rows);
  assert.equal(broken.length, rows.length + 1);
  assert.equal(broken[3].ts, 3000);
  assert.equal(broken[3].cpu, null);
  assert.equal(breakGaps(rows.slice(0, 3)).length, 3);
});
