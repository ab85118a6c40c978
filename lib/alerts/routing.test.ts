import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { resolveAlert, type Alert } from "./alert";
import { HOUR, MINUTE, SECOND, T0, testAlert, testReceiver } from "./fixtures";
import { DEFAULT_INHIBIT_RULES, type InhibitRuleInput } from "./inhibition";
import type { MaintenanceWindow } from "./maintenance";
import type { Receiver } from "./receivers";
import { emptyRouterState, nextWakeAt, route, type Notification, type RouterState } from "./routing";
import { silenceSchema, type Silence } from "./silences";

/** A router driven by a controllable clock: set the alerts, advance time, collect notifications. */
class Harness {
  now = T0;
  state: RouterState = emptyRouterState();
  alerts: Alert[] = [];
  sent: Notification[] = [];
  silences: Silence[] = [];
  maintenance: MaintenanceWindow[] = [];
  constructor(
    public receivers: Receiver[] = [testReceiver()],
    public inhibitRules: InhibitRuleInput[] = DEFAULT_INHIBIT_RULES,
  ) {}

  tick(): Notification[] {
    const result = route(this.state, {
      now: this.now,
      alerts: this.alerts,
      receivers: this.receivers,
      silences: this.silences,
      maintenance: this.maintenance,
      inhibitRules: this.inhibitRules,
    });
    this.state = JSON.parse(JSON.stringify(result.state)) as RouterState; // must survive persistence
    this.sent.push(...result.notifications);
    return result.notifications;
  }

  /** Advances to `until` in `step` increments, ticking at each; returns what was sent meanwhile. */
  advance(until: number, step = SECOND): Notification[] {
    const out: Notification[] = [];
    while (this.now + step <= until) {
      this.now += step;
      out.push(...this.tick());
    }
    return out;
  }

  fire(alert: Alert): void {
    this.alerts = [...this.alerts.filter((a) => a.fingerprint !== alert.fingerprint), alert];
  }

  resolve(alert: Alert): void {
    this.alerts = this.alerts.map((a) => (a.fingerprint === alert.fingerprint ? resolveAlert(a, this.now) : a));
  }

  drop(alert: Alert): void {
    this.alerts = this.alerts.filter((a) => a.fingerprint !== alert.fingerprint);
  }
}

const names = (n: Notification) => n.alerts.map((a) => `${a.labels.node ?? a.labels.alertname}:${a.status}`).sort();

describe("group_wait", () => {
  test("first notification only after 30 s, with the alerts that arrived meanwhile", () => {
    const h = new Harness();
    const a = testAlert({ alertname: "HighCpu", node: "n1" }, T0);
    h.fire(a);
    assert.deepEqual(h.tick(), []);
    assert.equal(nextWakeAt(h.state), T0 + 30 * SECOND);
    assert.deepEqual(h.advance(T0 + 10 * SECOND), []);
    h.fire(testAlert({ alertname: "HighCpu", node: "n2" }, h.now));
    assert.deepEqual(h.advance(T0 + 29 * SECOND), []);
    const sent = h.advance(T0 + 30 * SECOND);
    assert.equal(sent.length, 1);
    assert.equal(sent[0].reason, "new-group");
    assert.equal(sent[0].status, "firing");
    assert.deepEqual(sent[0].groupLabels, { alertname: "HighCpu" });
    assert.deepEqual(names(sent[0]), ["n1:firing", "n2:firing"]);
  });

  test("an alert that started long ago (e.g. after a restart) is not held for group_wait", () => {
    const h = new Harness();
    h.fire(testAlert({ alertname: "NodeDown", node: "n1" }, T0 - 10 * MINUTE));
    assert.equal(h.tick().length, 1);
  });
});

describe("group_interval", () => {
  test("changes after the first notification are batched until the next flush", () => {
    const h = new Harness();
    h.fire(testAlert({ alertname: "HighCpu", node: "n1" }));
    h.tick();
    assert.equal(h.advance(T0 + 30 * SECOND).length, 1);
    h.advance(T0 + 40 * SECOND);
    h.fire(testAlert({ alertname: "HighCpu", node: "n2" }, h.now));
    h.advance(T0 + 2 * MINUTE);
    h.fire(testAlert({ alertname: "HighCpu", node: "n3" }, h.now));
    assert.deepEqual(h.advance(T0 + 30 * SECOND + 5 * MINUTE - SECOND), [], "nothing before group_interval");
    const sent = h.advance(T0 + 30 * SECOND + 5 * MINUTE);
    assert.equal(sent.length, 1);
    assert.equal(sent[0].reason, "group-interval");
    assert.deepEqual(names(sent[0]), ["n1:firing", "n2:firing", "n3:firing"]);
  });

  test("an unchanged group sends nothing at group_interval flushes", () => {
    const h = new Harness();
    h.fire(testAlert({ alertname: "HighCpu", node: "n1" }));
    h.tick();
    h.advance(T0 + 30 * SECOND);
    assert.deepEqual(h.advance(T0 + HOUR, 10 * SECOND), []);
  });
});

describe("repeat_interval", () => {
  test("an unchanged firing group is re-sent after 4 h, not before", () => {
    const h = new Harness();
    h.fire(testAlert({ alertname: "HighCpu", node: "n1" }));
    h.tick();
    const first = h.advance(T0 + 30 * SECOND);
    assert.equal(first.length, 1);
    assert.deepEqual(h.advance(T0 + 30 * SECOND + 4 * HOUR - SECOND, 5 * SECOND).length, 0);
    const repeat = h.advance(T0 + 30 * SECOND + 4 * HOUR, SECOND);
    assert.equal(repeat.length, 1);
    assert.equal(repeat[0].reason, "repeat");
    assert.ok(repeat[0].seq > first[0].seq);
    assert.equal(h.advance(T0 + 30 * SECOND + 8 * HOUR - SECOND, 5 * SECOND).length, 0);
    assert.equal(h.advance(T0 + 30 * SECOND + 8 * HOUR, SECOND)[0]?.reason, "repeat");
  });
});

describe("resolved notifications", () => {
  test("sent at the next flush once every alert of the group resolved, then the group is gone", () => {
    const h = new Harness();
    const a = testAlert({ alertname: "HighCpu", node: "n1" });
    const b = testAlert({ alertname: "HighCpu", node: "n2" });
    h.fire(a);
    h.fire(b);
    h.tick();
    h.advance(T0 + 30 * SECOND);
    h.advance(T0 + MINUTE);
    h.resolve(a);
    h.drop(b); // absent from the complete input = resolved
    const sent = h.advance(T0 + 30 * SECOND + 5 * MINUTE);
    assert.equal(sent.length, 1);
    assert.equal(sent[0].reason, "resolved");
    assert.equal(sent[0].status, "resolved");
    assert.deepEqual(names(sent[0]), ["n1:resolved", "n2:resolved"]);
    assert.ok(sent[0].alerts.every((alert) => alert.endsAt !== null && alert.endsAt <= h.now));
    assert.deepEqual(h.state.groups, {});
    assert.equal(nextWakeAt(h.state), null);
  });

  test("a partial resolution is sent with the still-firing alerts", () => {
    const h = new Harness();
    const a = testAlert({ alertname: "HighCpu", node: "n1" });
    h.fire(a);
    h.fire(testAlert({ alertname: "HighCpu", node: "n2" }));
    h.tick();
    h.advance(T0 + 30 * SECOND);
    h.resolve(a);
    const sent = h.advance(T0 + 30 * SECOND + 5 * MINUTE);
    assert.equal(sent.length, 1);
    assert.equal(sent[0].status, "firing");
    assert.equal(sent[0].reason, "group-interval");
    assert.deepEqual(names(sent[0]), ["n1:resolved", "n2:firing"]);
  });

  test("nothing resolved is sent with sendResolved false", () => {
    const h = new Harness([testReceiver({ sendResolved: false })]);
    const a = testAlert({ alertname: "HighCpu", node: "n1" });
    const b = testAlert({ alertname: "HighCpu", node: "n2" });
    h.fire(a);
    h.fire(b);
    h.tick();
    assert.equal(h.advance(T0 + 30 * SECOND).length, 1);
    h.resolve(a);
    assert.deepEqual(h.advance(T0 + 30 * SECOND + 10 * MINUTE), [], "partial resolution");
    h.resolve(b);
    assert.deepEqual(h.advance(T0 + HOUR), [], "full resolution");
    assert.deepEqual(h.state.groups, {});
  });

  test("with sendResolved false a notification carries only the firing alerts", () => {
    const h = new Harness([testReceiver({ sendResolved: false })]);
    const a = testAlert({ alertname: "HighCpu", node: "n1" });
    h.fire(a);
    h.tick();
    h.advance(T0 + 30 * SECOND);
    h.resolve(a);
    h.fire(testAlert({ alertname: "HighCpu", node: "n2" }, h.now));
    const sent = h.advance(T0 + 30 * SECOND + 5 * MINUTE);
    assert.deepEqual(sent.map(names), [["n2:firing"]]);
  });

  test("an alert that fired and resolved before group_wait is never sent", () => {
    const h = new Harness();
    const a = testAlert({ alertname: "HighCpu", node: "n1" });
    h.fire(a);
    h.tick();
    h.advance(T0 + 10 * SECOND);
    h.resolve(a);
    assert.deepEqual(h.advance(T0 + HOUR, 10 * SECOND), []);
  });

  test("seq keeps increasing within a group, also after the group is deleted and re-created", () => {
    const h = new Harness();
    const a = testAlert({ alertname: "HighCpu", node: "n1" });
    h.fire(a);
    h.tick();
    h.advance(T0 + 30 * SECOND);
    h.drop(a);
    h.advance(T0 + 10 * MINUTE);
    h.fire({ ...a, startsAt: h.now });
    h.advance(T0 + 11 * MINUTE);
    const seqs = h.sent.filter((n) => n.groupKey === h.sent[0].groupKey).map((n) => n.seq);
    assert.deepEqual(h.sent.map((n) => n.reason), ["new-group", "resolved", "new-group"]);
    assert.ok(seqs.every((seq, i) => i === 0 || seq > seqs[i - 1]), `seqs ${seqs.join(",")}`);
  });
});

describe("silences", () => {
  const silence = (matchers: Silence["matchers"], startsAt: number, endsAt: number): Silence =>
    silenceSchema.parse({ id: `s-${startsAt}`, matchers, startsAt, endsAt, createdBy: "alice", comment: "deploy" });

  test("a silenced alert is not notified; once the silence expires it is", () => {
    const h = new Harness();
    h.silences = [silence([{ name: "node", value: "n1", isRegex: false, isEqual: true }], T0 - MINUTE, T0 + 10 * MINUTE)];
    h.fire(testAlert({ alertname: "HighCpu", node: "n1" }));
    h.fire(testAlert({ alertname: "HighCpu", node: "n2" }));
    h.tick();
    const first = h.advance(T0 + 30 * SECOND);
    assert.deepEqual(first.map(names), [["n2:firing"]]);
    assert.deepEqual(h.advance(T0 + 10 * MINUTE - SECOND), []);
    const after = h.advance(T0 + 11 * MINUTE);
    assert.deepEqual(after.map(names), [["n1:firing", "n2:firing"]]);
  });

  test("regex matchers are anchored; not-equal matchers silence everything else", () => {
    const h = new Harness([testReceiver({ groupBy: ["..."] })]);
    h.silences = [
      silence([{ name: "node", value: "web-[0-9]+", isRegex: true, isEqual: true }], T0 - MINUTE, T0 + HOUR),
      silence([{ name: "alertname", value: "HighCpu", isRegex: false, isEqual: true }, { name: "zone", value: "zone-a", isRegex: false, isEqual: false }], T0 - MINUTE, T0 + HOUR),
    ];
    h.fire(testAlert({ alertname: "Disk", node: "web-1" }));
    h.fire(testAlert({ alertname: "Disk", node: "web-1x" }));
    h.fire(testAlert({ alertname: "HighCpu", node: "db-1", zone: "zone-b" }));
    h.fire(testAlert({ alertname: "HighCpu", node: "db-2", zone: "zone-a" }));
    h.tick();
    const sent = h.advance(T0 + 30 * SECOND).flatMap(names).sort();
    assert.deepEqual(sent, ["db-2:firing", "web-1x:firing"]);
  });
});

describe("inhibition", () => {
  test("NodeDown inhibits that node's cpu alert, not another node's", () => {
    const h = new Harness([testReceiver({ groupBy: ["node"] })]);
    h.fire(testAlert({ alertname: "NodeDown", severity: "critical", category: "node", node: "n1", zone: "zone-a" }));
    h.fire(testAlert({ alertname: "HighCpu", category: "metric", node: "n1", zone: "zone-a" }));
    h.fire(testAlert({ alertname: "HighCpu", category: "metric", node: "n2", zone: "zone-a" }));
    h.tick();
    const sent = h.advance(T0 + 30 * SECOND);
    const all = sent.flatMap((n) => n.alerts.map((a) => `${a.labels.alertname}@${a.labels.node}`)).sort();
    assert.deepEqual(all, ["HighCpu@n2", "NodeDown@n1"]);
  });

  test("a partition of a zone inhibits NodeDown in that zone only", () => {
    const h = new Harness([testReceiver({ groupBy: ["..."] })]);
    h.fire(testAlert({ alertname: "VigilPartitioned", severity: "critical", category: "fleet", zone: "zone-a" }));
    h.fire(testAlert({ alertname: "NodeDown", severity: "critical", category: "node", node: "n1", zone: "zone-a" }));
    h.fire(testAlert({ alertname: "NodeDown", severity: "critical", category: "node", node: "n2", zone: "zone-b" }));
    h.tick();
    const result = route(h.state, { now: h.now, alerts: h.alerts, receivers: h.receivers, silences: [], maintenance: [], inhibitRules: DEFAULT_INHIBIT_RULES });
    assert.equal(result.muted.length, 1, "n1's NodeDown is muted");
    const sent = h.advance(T0 + 30 * SECOND).map((n) => `${n.alerts[0].labels.alertname}@${n.alerts[0].labels.node ?? n.alerts[0].labels.zone}`);
    assert.deepEqual(sent.sort(), ["NodeDown@n2", "VigilPartitioned@zone-a"]);
  });

  test("a resolved source no longer inhibits", () => {
    const h = new Harness([testReceiver({ groupBy: ["..."] })]);
    const down = testAlert({ alertname: "NodeDown", category: "node", node: "n1" });
    h.fire(down);
    h.fire(testAlert({ alertname: "HighCpu", category: "metric", node: "n1" }));
    h.tick();
    assert.equal(h.advance(T0 + 30 * SECOND).length, 1);
    h.resolve(down);
    const later = h.advance(T0 + 6 * MINUTE).map((n) => `${n.alerts[0].labels.alertname}:${n.status}`).sort();
    assert.deepEqual(later, ["HighCpu:firing", "NodeDown:resolved"]);
  });
});

describe("maintenance", () => {
  test("a window for a node or a group mutes its alerts while active", () => {
    const h = new Harness([testReceiver({ groupBy: ["..."] })]);
    h.maintenance = [
      { id: "m1", target: { node: "n1" }, startsAt: T0 - MINUTE, endsAt: T0 + HOUR, comment: "disk swap" },
      { id: "m2", target: { group: "g2" }, startsAt: T0 - MINUTE, endsAt: T0 + HOUR, comment: "upgrade" },
    ];
    h.fire(testAlert({ alertname: "HighCpu", node: "n1", group: "g1" }));
    h.fire(testAlert({ alertname: "HighCpu", node: "n2", group: "g2" }));
    h.fire(testAlert({ alertname: "HighCpu", node: "n3", group: "g1" }));
    h.tick();
    assert.deepEqual(h.advance(T0 + 30 * SECOND).flatMap(names), ["n3:firing"]);
    const after = h.advance(T0 + HOUR + 5 * MINUTE).flatMap(names).sort();
    assert.deepEqual(after, ["n1:firing", "n2:firing"]);
  });
});

describe("receivers", () => {
  test("severity filters select what each receiver gets", () => {
    const pager = testReceiver({ id: "pager", severities: ["critical"] });
    const chat = testReceiver({ id: "chat", severities: ["warning", "info"] });
    const h = new Harness([pager, chat]);
    h.fire(testAlert({ alertname: "NodeDown", severity: "critical", node: "n1" }));
    h.fire(testAlert({ alertname: "HighCpu", severity: "warning", node: "n1" }));
    h.fire(testAlert({ alertname: "LoadOutlier", severity: "info", node: "n1" }));
    h.tick();
    const sent = h.advance(T0 + 30 * SECOND);
    const byReceiver = (id: string) => sent.filter((n) => n.receiverId === id).flatMap((n) => n.alerts.map((a) => a.labels.alertname)).sort();
    assert.deepEqual(byReceiver("pager"), ["NodeDown"]);
    assert.deepEqual(byReceiver("chat"), ["HighCpu", "LoadOutlier"]);
  });

  test("matchers select alerts", () => {
    const h = new Harness([testReceiver({ matchers: [{ name: "zone", value: "eu-.*", isRegex: true }] })]);
    h.fire(testAlert({ alertname: "HighCpu", node: "n1", zone: "eu-west" }));
    h.fire(testAlert({ alertname: "HighCpu", node: "n2", zone: "us-east" }));
    h.tick();
    assert.deepEqual(h.advance(T0 + 30 * SECOND).flatMap(names), ["n1:firing"]);
  });

  test('groupBy ["..."] makes one group per alert; the default groups by alertname', () => {
    const h = new Harness([testReceiver({ id: "each", groupBy: ["..."] }), testReceiver({ id: "byname" })]);
    h.fire(testAlert({ alertname: "HighCpu", node: "n1" }));
    h.fire(testAlert({ alertname: "HighCpu", node: "n2" }));
    h.fire(testAlert({ alertname: "Disk", node: "n1" }));
    h.tick();
    const sent = h.advance(T0 + 30 * SECOND);
    const each = sent.filter((n) => n.receiverId === "each");
    assert.equal(each.length, 3);
    assert.ok(each.every((n) => n.alerts.length === 1 && n.groupLabels.node === n.alerts[0].labels.node));
    const byName = sent.filter((n) => n.receiverId === "byname");
    assert.deepEqual(byName.map((n) => n.alerts.length).sort(), [1, 2]);
  });

  test("a removed receiver's groups are dropped", () => {
    const h = new Harness();
    h.fire(testAlert({ alertname: "HighCpu", node: "n1" }));
    h.tick();
    h.receivers = [];
    h.tick();
    assert.deepEqual(h.state.groups, {});
  });
});
