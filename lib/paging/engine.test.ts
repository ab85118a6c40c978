import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Notification } from "../alerts/routing";
import type { PageRecovery } from "../webhooks/message";
import { advancePages, policyRouteId, type PageState, type PagingInput, type PolicyForPaging } from "./engine";

const MIN = 60_000;
const T0 = Date.UTC(2026, 11, 3, 10, 0, 0);

function notification(receiverId: string, status: "firing" | "resolved", reason: Notification["reason"] = "new-group"): Notification {
  return {
    receiverId,
    groupKey: `${receiverId}:[["alertname","GroupWithoutPrimary"]]`,
    groupLabels: { alertname: "GroupWithoutPrimary" },
    alerts: [
      {
        fingerprint: "fp1",
        labels: { alertname: "GroupWithoutPrimary", severity: "critical", group: "kv-3" },
        annotations: { summary: "kv-3 has no primary" },
        status,
        startsAt: T0,
        endsAt: status === "resolved" ? T0 + MIN : null,
      },
    ],
    status,
    reason,
    seq: 1,
  } as Notification;
}

const policy: PolicyForPaging = { id: "p1", name: "Primary", steps: [{ delayMs: 0 }, { delayMs: 10 * MIN }, { delayMs: 5 * MIN }], repeat: 1, recoveryAware: true };

function input(over: Partial<PagingInput>): PagingInput {
  let n = 0;
  return {
    now: T0,
    notifications: [],
    pages: [],
    firingGroups: new Set(),
    mutedGroups: new Set(),
    policies: new Map([[policy.id, policy]]),
    receivers: new Map([
      ["mail", { sendResolved: true }],
      ["pd", { sendResolved: true }],
      ["chat", { sendResolved: false }],
    ]),
    targets: (_policy, step) => ({ deliveries: [{ receiverId: ["mail", "pd", "chat"][step] ?? "mail", address: null, via: `step target ${step}` }], problems: [] }),
    recoveryFor: () => null,
    newPageId: () => `page-${++n}`,
    ...over,
  };
}

/** Runs rounds, feeding each round's pages into the next, as the alert job does. */
function run(rounds: Partial<PagingInput>[], recovery: (now: number) => PageRecovery | null = () => null) {
  let pages: PageState[] = [];
  const all = [];
  for (const round of rounds) {
    const now = round.now ?? T0;
    const out = advancePages(input({ ...round, pages, recoveryFor: () => recovery(now) }));
    const byId = new Map(pages.map((p) => [p.id, p]));
    for (const page of out.pages) byId.set(page.id, page);
    pages = [...byId.values()].filter((p) => p.status !== "resolved" || p.announced !== "resolved");
    all.push(out);
  }
  return { outputs: all, pages };
}

const key = (receiverId: string) => notification(receiverId, "firing").groupKey;

describe("paging engine", () => {
  it("a policy page tells step 1 at once, escalates after each step's delay, repeats, then stops", () => {
    const group = key(policyRouteId("p1"));
    const firing = new Set([group]);
    const { outputs } = run([
      { now: T0, notifications: [notification(policyRouteId("p1"), "firing")], firingGroups: firing },
      { now: T0 + 9 * MIN, firingGroups: firing },
      { now: T0 + 10 * MIN, firingGroups: firing },
      { now: T0 + 15 * MIN, firingGroups: firing },
      { now: T0 + 20 * MIN, firingGroups: firing },
      { now: T0 + 30 * MIN, firingGroups: firing },
      { now: T0 + 35 * MIN, firingGroups: firing },
      { now: T0 + 40 * MIN, firingGroups: firing },
      { now: T0 + 90 * MIN, firingGroups: firing },
    ]);
    const told = outputs.map((o) => o.sends.map((s) => `${s.receiverId}:${s.action}`));
    assert.deepEqual(told, [["mail:trigger"], [], ["pd:trigger"], ["chat:trigger"], ["mail:trigger"], ["pd:trigger"], ["chat:trigger"], [], []]);
    assert.ok(outputs[6].events.some((e) => e.kind === "exhausted"));
  });

  it("an acknowledgement is announced to everyone told and stops escalation", () => {
    const group = key(policyRouteId("p1"));
    const firing = new Set([group]);
    const first = run([{ now: T0, notifications: [notification(policyRouteId("p1"), "firing")], firingGroups: firing }]);
    const acked = first.pages.map((p) => ({ ...p, status: "acknowledged" as const, acknowledgedBy: "alice", acknowledgedAt: T0 + MIN }));
    const out = advancePages(input({ now: T0 + 11 * MIN, pages: acked, firingGroups: firing }));
    assert.deepEqual(out.sends.map((s) => `${s.receiverId}:${s.action}`), ["mail:acknowledge"]);
    assert.equal(out.pages[0].announced, "acknowledged");
    const later = advancePages(input({ now: T0 + 60 * MIN, pages: out.pages, firingGroups: firing }));
    assert.deepEqual(later.sends, []);
  });

  it("a receiver's page repeats until acknowledged and resolves with sendResolved", () => {
    const firing = new Set([key("pd")]);
    const { outputs, pages } = run([
      { now: T0, notifications: [notification("pd", "firing")], firingGroups: firing },
      { now: T0 + 240 * MIN, notifications: [notification("pd", "firing", "repeat")], firingGroups: firing },
    ]);
    assert.deepEqual(outputs.map((o) => o.sends.map((s) => s.action)), [["trigger"], ["trigger"]]);
    const acked = pages.map((p) => ({ ...p, status: "acknowledged" as const, announced: "acknowledged" as const }));
    const repeat = advancePages(input({ now: T0 + 480 * MIN, pages: acked, notifications: [notification("pd", "firing", "repeat")], firingGroups: firing }));
    assert.deepEqual(repeat.sends, []);
    const resolved = advancePages(input({ now: T0 + 500 * MIN, pages: acked, notifications: [notification("pd", "resolved", "resolved")], firingGroups: new Set() }));
    assert.deepEqual(resolved.sends.map((s) => s.action), ["resolve"]);
    assert.equal(resolved.pages[0].status, "resolved");
  });

  it("holds escalation while recovery runs, and resolves with its outcome", () => {
    const group = key(policyRouteId("p1"));
    const firing = new Set([group]);
    const running: PageRecovery = { kind: "failover", state: "running", deadline: T0 + 12 * MIN, summary: "failover of kv-3 to n7", approvalActionId: null, timeline: [] };
    const succeeded: PageRecovery = { ...running, state: "succeeded", deadline: null, summary: "failover of kv-3 succeeded", timeline: [{ step: "promotion", at: T0 + 11 * MIN }] };
    const { outputs, pages } = run(
      [
        { now: T0, notifications: [notification(policyRouteId("p1"), "firing")], firingGroups: firing },
        { now: T0 + 10 * MIN, firingGroups: firing },
        { now: T0 + 11 * MIN, firingGroups: firing },
        { now: T0 + 11.5 * MIN, firingGroups: firing },
      ],
      (now) => (now < T0 + 11.5 * MIN ? running : succeeded),
    );
    assert.deepEqual(outputs.map((o) => o.sends.map((s) => `${s.receiverId}:${s.action}`)), [["mail:trigger"], [], [], ["mail:resolve"]]);
    assert.ok(outputs.flatMap((o) => o.events).some((e) => e.kind === "held"));
    assert.equal(pages.length, 0);
    assert.match(outputs[3].pages[0].resolution ?? "", /recovered it/);
  });

  it("tells those already paged when a recovery starts after the page opened", () => {
    const firing = new Set([key(policyRouteId("p1"))]);
    const running: PageRecovery = { kind: "failover", state: "running", deadline: T0 + 5 * MIN, summary: "failover of kv-3", approvalActionId: null, timeline: [] };
    const { outputs } = run(
      [
        { now: T0, notifications: [notification(policyRouteId("p1"), "firing")], firingGroups: firing },
        { now: T0 + 1_000, firingGroups: firing },
        { now: T0 + 2_000, firingGroups: firing },
      ],
      (now) => (now < T0 + 1_000 ? null : running),
    );
    assert.deepEqual(outputs.map((o) => o.sends.map((s) => `${s.receiverId}:${s.via}`)), [["mail:step 1: step target 0"], ["mail:recovery started"], []]);
  });

  it("escalates at once when recovery is blocked or passes its deadline", () => {
    const group = key(policyRouteId("p1"));
    const firing = new Set([group]);
    const running: PageRecovery = { kind: "failover", state: "running", deadline: T0 + 2 * MIN, summary: "failover", approvalActionId: null, timeline: [] };
    const blocked = run(
      [
        { now: T0, notifications: [notification(policyRouteId("p1"), "firing")], firingGroups: firing },
        { now: T0 + MIN, firingGroups: firing },
      ],
      (now) => (now < T0 + MIN ? running : { ...running, state: "blocked", summary: "Failover precondition" }),
    );
    assert.deepEqual(blocked.outputs[1].sends.map((s) => s.receiverId), ["pd"]);
    const late = run(
      [
        { now: T0, notifications: [notification(policyRouteId("p1"), "firing")], firingGroups: firing },
        { now: T0 + MIN, firingGroups: firing },
        { now: T0 + 3 * MIN, firingGroups: firing },
      ],
      () => running,
    );
    assert.deepEqual(late.outputs.map((o) => o.sends.map((s) => s.receiverId)), [["mail"], [], ["pd"]]);
  });

  it("does not escalate a page whose alerts are all muted", () => {
    const group = key(policyRouteId("p1"));
    const firing = new Set([group]);
    const { outputs } = run([
      { now: T0, notifications: [notification(policyRouteId("p1"), "firing")], firingGroups: firing },
      { now: T0 + 30 * MIN, firingGroups: firing, mutedGroups: firing },
    ]);
    assert.deepEqual(outputs[1].sends, []);
  });

  it("announces a person's resolution even to a receiver without sendResolved", () => {
    const firing = new Set([key("chat")]);
    const first = run([{ now: T0, notifications: [notification("chat", "firing")], firingGroups: firing }]);
    const resolved = first.pages.map((p) => ({ ...p, status: "resolved" as const, resolvedBy: "bob", resolvedAt: T0 + MIN }));
    const out = advancePages(input({ now: T0 + 2 * MIN, pages: resolved, firingGroups: firing }));
    assert.deepEqual(out.sends.map((s) => `${s.receiverId}:${s.action}`), ["chat:resolve"]);
    assert.equal(out.pages[0].announced, "resolved");
  });
});
