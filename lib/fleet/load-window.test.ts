import assert from "node:assert/strict";
import { test } from "node:test";
import { LoadWindow } from "./load-window";

test("means cover only the recent window and skip missing metrics", () => {
  const window = new LoadWindow(10_000, 6);
  for (let t = 0; t < 120_000; t += 1000) window.add(t, { cpu: t < 60_000 ? 0.9 : 0.1, latencyMs: null });
  const recent = window.means(119_999, 60_000);
  assert.ok(Math.abs((recent.means.cpu ?? 0) - 0.1) < 1e-9);
  assert.equal(recent.means.latencyMs, null);
  assert.equal(recent.samples, 60);
});

test("a node silent for longer than the window has no samples", () => {
  const window = new LoadWindow(10_000, 6);
  window.add(0, { cpu: 0.5 });
  assert.equal(window.means(200_000, 60_000).samples, 0);
});
