import assert from "node:assert/strict";
import { test } from "node:test";
import type { PageView } from "@/lib/protocol/api/pages";
import { canAcknowledge, canResolve, escalationText, eventKindShown, formatCountdown, heldText, routeText, sortPages } from "./page-view";

const page = (over: Partial<PageView>): PageView => ({
  id: "p", title: "t", status: "triggered", routeKind: "policy", routeId: "r", routeName: "Storage on-call", severity: "critical", groupLabels: {}, step: 1, cycle: 0, nextEscalationAt: null, recovery: null, heldUntil: null,
  openedAt: 0, updatedAt: 0, acknowledgedAt: null, acknowledgedBy: null, resolvedAt: null, resolvedBy: null, resolution: null, incidentId: null, ...over,
});

test("countdowns read like a clock", () => {
  assert.equal(formatCountdown(252_000), "4:12");
  assert.equal(formatCountdown(999), "0:01");
  assert.equal(formatCountdown(3_723_000), "1:02:03");
  assert.equal(formatCountdown(0), "now");
});

test("only a triggered page with a due step says when it escalates", () => {
  assert.equal(escalationText(page({ nextEscalationAt: 10_000 }), 0), "escalates in 0:10");
  assert.equal(escalationText(page({ status: "acknowledged", nextEscalationAt: 10_000 }), 0), null);
  assert.equal(escalationText(page({}), 0), null);
});

test("a hold is shown while it lasts, with what Vigil is doing", () => {
  const recovery = { kind: "failover", state: "running", deadline: 1, summary: "Vigil is failing over kv-3", approvalActionId: null, timeline: [] };
  assert.match(heldText(page({ recovery, heldUntil: 60_000 }), 0) ?? "", /^held: Vigil is failing over kv-3 until \d\d:\d\d$/);
  assert.equal(heldText(page({ recovery, heldUntil: 60_000 }), 60_000), null);
  assert.equal(heldText(page({ status: "resolved", recovery, heldUntil: 60_000 }), 0), null);
});

test("open pages come first and the buttons follow the status", () => {
  const sorted = sortPages([page({ id: "r", status: "resolved", openedAt: 9 }), page({ id: "a", status: "acknowledged", openedAt: 8 }), page({ id: "t1", openedAt: 1 }), page({ id: "t2", openedAt: 2 })]);
  assert.deepEqual(sorted.map((p) => p.id), ["t2", "t1", "a", "r"]);
  assert.deepEqual([canAcknowledge(page({})), canResolve(page({}))], [true, true]);
  assert.deepEqual([canAcknowledge(page({ status: "acknowledged" })), canResolve(page({ status: "acknowledged" }))], [false, true]);
  assert.deepEqual([canAcknowledge(page({ status: "resolved" })), canResolve(page({ status: "resolved" }))], [false, false]);
});

test("what paged is named, and a deleted route says so", () => {
  assert.equal(routeText(page({})), "policy Storage on-call");
  assert.equal(routeText(page({ routeKind: "receiver", routeId: "r9", routeName: null })), "receiver r9 (deleted)");
});

test("a timeline line says an act's kind once", () => {
  assert.equal(eventKindShown({ kind: "acknowledged", message: "acknowledged by ana via link" }), null);
  assert.equal(eventKindShown({ kind: "notified", message: "receiver ops-mail" }), "notified");
});
