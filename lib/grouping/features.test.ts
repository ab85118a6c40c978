import assert from "node:assert/strict";
import { test } from "node:test";
import { buildFeatures, SCALED_CLIP, type NodeLoad } from "./features";

const node = (nodeId: string, means: NodeLoad["means"], samples = 60): NodeLoad => ({ nodeId, means, samples });

test("nodes with too few samples, no metrics or a repeated id are left out with a reason", () => {
  const features = buildFeatures(
    [node("a", { cpu: 0.5 }), node("b", { cpu: 0.4 }, 2), node("c", { cpu: null, mem: Number.NaN }), node("a", { cpu: 0.9 })],
    { metrics: ["cpu", "mem"], minSamples: 5 },
  );
  assert.deepEqual(features.nodeIds, ["a"]);
  assert.deepEqual(
    features.excluded.map(({ nodeId, reason }) => [nodeId, reason]),
    [["b", "too-few-samples"], ["c", "no-metrics"], ["a", "duplicate-node-id"]],
  );
});

test("a missing or NaN metric is imputed with the fleet median and reported", () => {
  const features = buildFeatures(
    [node("a", { cpu: 0.1, mem: 0.2 }), node("b", { cpu: 0.3, mem: 0.4 }), node("c", { cpu: 0.5, mem: Number.NaN }), node("d", { cpu: 0.7 }), node("e", { cpu: 0.9, mem: 0.6 })],
    { metrics: ["cpu", "mem"], minSamples: 1 },
  );
  assert.deepEqual(features.imputed, [
    { nodeId: "c", metrics: ["mem"], method: "fleet-median" },
    { nodeId: "d", metrics: ["mem"], method: "fleet-median" },
  ]);
  // Median of the known mem values 0.2, 0.4, 0.6.
  assert.equal(features.real[2 * 2 + 1], 0.4);
  assert.equal(features.scaled[2 * 2 + 1], 0);
});

test("a constant metric contributes nothing; robust scaling ignores one absurd value and clips", () => {
  const nodes = Array.from({ length: 21 }, (_, i) => node(`n${i}`, { cpu: 0.3 + i * 0.01, disk: 0.5, netIn: i === 20 ? 1e12 : 1e6 + i * 1e5 }));
  const features = buildFeatures(nodes, { metrics: ["cpu", "disk", "netIn"], minSamples: 1 });
  const [cpu, disk, netIn] = features.scaling;
  assert.equal(disk.method, "constant");
  assert.equal(disk.scale, 0);
  for (let i = 0; i < 21; i++) assert.equal(features.scaled[i * 3 + 1], 0);
  assert.equal(cpu.method, "iqr");
  assert.ok(Math.abs(cpu.center - 0.4) < 1e-12 && Math.abs(cpu.scale - 0.1) < 1e-12);
  // The 1e12 reading moves neither the centre nor the scale much, and is clipped.
  assert.ok(netIn.center === 2e6 && netIn.scale === 1e6);
  assert.equal(features.scaled[20 * 3 + 2], SCALED_CLIP);
});

test("a metric with zero IQR (errorRate: 0 almost everywhere) falls back and still separates the erroring nodes", () => {
  const nodes = Array.from({ length: 100 }, (_, i) => node(`n${i}`, { errorRate: i < 10 ? 0.3 : 0 }));
  const features = buildFeatures(nodes, { metrics: ["errorRate"], minSamples: 1 });
  assert.equal(features.scaling[0].method, "std");
  assert.ok(features.scaled[0] > 2, `erroring node scaled to ${features.scaled[0]}`);
  assert.equal(features.scaled[50], 0);
});

test("jitter below a metric's resolution is not blown up to a unit of distance", () => {
  const nodes = Array.from({ length: 50 }, (_, i) => node(`n${i}`, { disk: 0.5 + (i % 5) * 0.001 }));
  const features = buildFeatures(nodes, { metrics: ["disk"], minSamples: 1 });
  assert.equal(features.scaling[0].method, "resolution");
  assert.ok(Math.max(...features.scaled.map(Math.abs)) <= 0.1 + 1e-9);
});

test("no nodes at all gives an empty matrix", () => {
  const features = buildFeatures([], { metrics: ["cpu"], minSamples: 5 });
  assert.equal(features.scaled.length, 0);
  assert.equal(features.scaling[0].method, "absent");
});
