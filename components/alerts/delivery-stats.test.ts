import assert from "node:assert/strict";
import { test } from "node:test";
import { attemptPoints, attemptSucceeded, describeGroupKey, notificationStatus, prettyBody, summarizeDeliveries, type DeliveryLike } from "./delivery-stats";

const attempt = (at: number, status: number | null, latencyMs = 10) => ({ at, status, latencyMs, error: status === null ? "ECONNREFUSED" : null });

const deliveries: DeliveryLike[] = [
  // The API lists newest first, attempts newest first.
  { id: 3, status: "pending", recentAttempts: [] },
  { id: 2, status: "delivered", recentAttempts: [attempt(300, 200, 30), attempt(200, 503, 20), attempt(100, null, 5)] },
  { id: 1, status: "dead", recentAttempts: [attempt(50, 404, 8)] },
];

test("only 2xx answers count as accepted", () => {
  assert.equal(attemptSucceeded({ status: 204 }), true);
  assert.equal(attemptSucceeded({ status: 301 }), false);
  assert.equal(attemptSucceeded({ status: 503 }), false);
  assert.equal(attemptSucceeded({ status: null }), false);
});

test("every attempt becomes a point in time order, with a rolling success rate", () => {
  const points = attemptPoints(deliveries, 2);
  assert.deepEqual(points.map((p) => [p.at, p.ok, p.deliveryId]), [[50, false, 1], [100, false, 2], [200, false, 2], [300, true, 2]]);
  assert.deepEqual(points.map((p) => p.successRate), [0, 0, 0, 0.5]);
  assert.deepEqual(attemptPoints([]), []);
});

test("the summary counts deliveries by outcome and attempts by answer", () => {
  const summary = summarizeDeliveries(deliveries);
  assert.deepEqual(summary, { delivered: 1, pending: 1, dead: 1, deliveryRate: 0.5, attemptSuccessRate: 0.25, medianLatencyMs: 30 });
  assert.deepEqual(summarizeDeliveries([]), { delivered: 0, pending: 0, dead: 0, deliveryRate: null, attemptSuccessRate: null, medianLatencyMs: null });
});

test("group keys read as label pairs", () => {
  assert.equal(describeGroupKey('r1:[["alertname","NodeDown"],["node","sim-a-001"]]'), "alertname=NodeDown, node=sim-a-001");
  assert.equal(describeGroupKey("r1:[]"), "(all alerts)");
  assert.equal(describeGroupKey("test:r1"), "test notification");
  assert.equal(describeGroupKey("weird"), "weird");
});

test("the notification's status is its top-level one", () => {
  assert.equal(notificationStatus('{"version":"1","status":"resolved","alerts":[{"status":"firing"}]}'), "resolved");
  assert.equal(notificationStatus('{"text":"hi"}'), null);
  assert.equal(prettyBody('{"a":1}'), '{\n  "a": 1\n}');
  assert.equal(prettyBody('{"a":1…'), '{"a":1…');
});
