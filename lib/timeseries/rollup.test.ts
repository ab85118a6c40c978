import assert from "node:assert/strict";
import { test } from "node:test";
import type { MetricPoint } from "../protocol/views";
import { resolutionForSpan, retentionCutoffs } from "./resolution";
import { rollupPoints } from "./rollup";

function point(ts: number, cpu: number, latencyMs: number | null = null): MetricPoint {
  return { ts, cpu, mem: 0.5, disk: 0.1, netIn: 100, netOut: 200, load1: 1, latencyMs, errorRate: null };
}

test("raw samples roll up into minute buckets with min, mean and max", () => {
  const rolled = rollupPoints([point(60_000, 0.2), point(60_500, 0.4, 10), point(119_999, 0.9), point(120_000, 0.5)], 60_000);
  assert.equal(rolled.length, 2);
  assert.equal(rolled[0].ts, 60_000);
  assert.equal(rolled[0].min?.cpu, 0.2);
  assert.equal(rolled[0].max?.cpu, 0.9);
  assert.ok(Math.abs((rolled[0].cpu ?? 0) - 0.5) < 1e-9);
  assert.equal(rolled[0].latencyMs, 10, "a metric only some samples carry averages over those");
  assert.equal(rolled[0].errorRate, null);
  assert.equal(rolled[1].cpu, 0.5);
});

test("minute rollups roll up into hours weighted by their sample counts, keeping extremes", () => {
  const minutes = [
    { ...point(0, 0.1), min: { ...point(0, 0.05) }, max: { ...point(0, 0.3) }, weight: 60 },
    { ...point(60_000, 0.7), min: { ...point(0, 0.6) }, max: { ...point(0, 0.95) }, weight: 20 },
  ];
  const [hour] = rollupPoints(minutes, 3_600_000);
  assert.ok(Math.abs((hour.cpu ?? 0) - (0.1 * 60 + 0.7 * 20) / 80) < 1e-9);
  assert.equal(hour.min?.cpu, 0.05);
  assert.equal(hour.max?.cpu, 0.95);
});

test("charts pick the resolution from the range", () => {
  assert.equal(resolutionForSpan(15 * 60_000), "raw");
  assert.equal(resolutionForSpan(3_600_000), "raw");
  assert.equal(resolutionForSpan(86_400_000), "1m");
  assert.equal(resolutionForSpan(7 * 86_400_000), "1h");
});

test("retention cutoffs follow the configured windows", () => {
  const now = 1_800_000_000_000;
  const cutoffs = retentionCutoffs(now, { rawMs: 86_400_000, rollup1mMs: 14 * 86_400_000, rollup1hMs: 365 * 86_400_000, logsMs: 7 * 86_400_000, eventsMs: 90 * 86_400_000 });
  assert.equal(cutoffs.raw, now - 86_400_000);
  assert.equal(cutoffs.rollup1m, now - 14 * 86_400_000);
  assert.equal(cutoffs.logs, now - 7 * 86_400_000);
});
