import assert from "node:assert/strict";
import { test } from "node:test";
import { resolveTargets, type PagingConfig } from "./targets";

const NOW = Date.UTC(2026, 5, 3, 12);

function config(overrides: Partial<PagingConfig> = {}): PagingConfig {
  return {
    policies: [],
    schedules: [{ id: "s1", name: "Primary", timeZone: "UTC", rotations: [{ name: "weekly", users: ["alice", "bob"], startsAt: Date.UTC(2026, 5, 1, 9), handoffTime: "09:00", lengthDays: 7 }] }],
    overrides: [],
    contacts: [
      { id: "c1", userId: "alice", kind: "email", receiverId: "smtp", address: "alice@x.test", label: "" },
      { id: "c2", userId: "alice", kind: "channel", receiverId: "slack", address: null, label: "Slack DM" },
      { id: "c3", userId: "bob", kind: "email", receiverId: "smtp", address: "bob@x.test", label: "" },
    ],
    users: [
      { id: "alice", name: "alice", email: "alice@x.test" },
      { id: "bob", name: null, email: "bob@x.test" },
      { id: "nocontact", name: "carol", email: "carol@x.test" },
    ],
    receiverIds: ["smtp", "slack", "pagerduty", "off"],
    disabledReceiverIds: ["off"],
    ...overrides,
  };
}

test("a schedule target pages whoever is on call now, through each of their contact methods", () => {
  const out = resolveTargets({ targets: [{ kind: "schedule", id: "s1" }] }, { ...config(), now: NOW });
  assert.deepEqual(out, {
    deliveries: [
      { receiverId: "smtp", address: "alice@x.test", userId: "alice", via: "schedule Primary → alice (e-mail alice@x.test)" },
      { receiverId: "slack", address: null, userId: "alice", via: "schedule Primary → alice (Slack DM)" },
    ],
    problems: [],
  });
});

test("an override on the schedule pages its user instead, and the rotation's user after it ends", () => {
  const overrides = [{ id: "o", scheduleId: "s1", userId: "bob", startsAt: NOW - 1000, endsAt: NOW + 1000, createdBy: "op" }];
  assert.deepEqual(resolveTargets({ targets: [{ kind: "schedule", id: "s1" }] }, { ...config({ overrides }), now: NOW }).deliveries.map((d) => d.address), ["bob@x.test"]);
  assert.deepEqual(resolveTargets({ targets: [{ kind: "schedule", id: "s1" }] }, { ...config({ overrides }), now: NOW + 1000 }).deliveries.map((d) => d.address), ["alice@x.test", null]);
});

test("receiver and user targets; the same recipient reached twice is told once, by its first path", () => {
  const out = resolveTargets(
    { targets: [{ kind: "user", id: "alice" }, { kind: "receiver", id: "pagerduty" }, { kind: "schedule", id: "s1" }, { kind: "receiver", id: "slack" }] },
    { ...config(), now: NOW },
  );
  assert.deepEqual(out.deliveries, [
    { receiverId: "smtp", address: "alice@x.test", userId: "alice", via: "user alice (e-mail alice@x.test)" },
    { receiverId: "slack", address: null, userId: "alice", via: "user alice (Slack DM)" },
    { receiverId: "pagerduty", address: null, userId: null, via: "receiver pagerduty" },
  ]);
  assert.deepEqual(out.problems, []);
});

test("what cannot be reached is a problem, and the rest is still paged", () => {
  const out = resolveTargets(
    {
      targets: [
        { kind: "user", id: "nocontact" },
        { kind: "user", id: "ghost" },
        { kind: "receiver", id: "gone" },
        { kind: "receiver", id: "off" },
        { kind: "schedule", id: "nope" },
        { kind: "user", id: "bob" },
      ],
    },
    { ...config(), now: NOW },
  );
  assert.deepEqual(out.deliveries, [{ receiverId: "smtp", address: "bob@x.test", userId: "bob", via: "user bob@x.test (e-mail bob@x.test)" }]);
  assert.deepEqual(out.problems, ["user carol has no contact methods", "unknown user ghost", "unknown receiver gone", "receiver off is disabled", "unknown schedule nope"]);
});

test("a schedule with nobody on call, and a contact method whose receiver is gone, are problems", () => {
  const before = resolveTargets({ targets: [{ kind: "schedule", id: "s1" }] }, { ...config(), now: Date.UTC(2026, 4, 1) });
  assert.deepEqual(before, { deliveries: [], problems: ["schedule Primary: nobody is on call"] });
  const gone = resolveTargets({ targets: [{ kind: "user", id: "alice" }] }, { ...config({ receiverIds: ["smtp"] }), now: NOW });
  assert.deepEqual(gone.deliveries.map((d) => d.receiverId), ["smtp"]);
  assert.deepEqual(gone.problems, ["user alice: contact method Slack DM: unknown receiver slack"]);
});

test("a person whose every contact method goes through a disabled receiver cannot be reached", () => {
  const out = resolveTargets({ targets: [{ kind: "schedule", id: "s1" }] }, { ...config({ disabledReceiverIds: ["smtp", "slack"] }), now: NOW });
  assert.deepEqual(out.deliveries, []);
  assert.deepEqual(out.problems, [
    "schedule Primary → alice: contact method c1: receiver smtp is disabled",
    "schedule Primary → alice: contact method Slack DM: receiver slack is disabled",
    "schedule Primary → alice cannot be reached",
  ]);
});
