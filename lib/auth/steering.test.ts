import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { applyProposal, decideSteering, steeringOfHello, withSteering, type Steering } from "./steering";

const recorded: Steering = { zone: "eu-1", group: "g1", role: "replica", weight: 1, priority: null };

describe("decideSteering", () => {
  it("records what the agent reports on its first hello, under any pins", () => {
    const reported: Steering = { zone: "eu-2", group: "g2", role: "primary", weight: 3, priority: "50" };
    const decision = decideSteering({ recorded: null, pinned: { weight: 1 }, reported, holdChanges: true });
    assert.deepEqual(decision, { effective: { ...reported, weight: 1 }, changes: [], held: null });
  });

  it("applies a later change and lists it for the audit log", () => {
    const decision = decideSteering({ recorded, pinned: {}, reported: { ...recorded, zone: "eu-2", priority: "1000" }, holdChanges: false });
    assert.deepEqual(decision.effective, { ...recorded, zone: "eu-2", priority: "1000" });
    assert.deepEqual(decision.changes, [
      { key: "zone", from: "eu-1", to: "eu-2" },
      { key: "priority", from: null, to: "1000" },
    ]);
    assert.equal(decision.held, null);
  });

  it("holds a later change for an operator under a token with manual approval", () => {
    const decision = decideSteering({ recorded, pinned: {}, reported: { ...recorded, group: "g9", weight: 100 }, holdChanges: true });
    assert.deepEqual(decision.effective, recorded);
    assert.deepEqual(decision.changes, []);
    assert.deepEqual(decision.held, { group: "g9", weight: 100 });
  });

  it("lets pinned values win without auditing the agent's disagreement", () => {
    const pinned = { zone: "eu-1", priority: "0" };
    const decision = decideSteering({ recorded: { ...recorded, priority: "0" }, pinned, reported: { ...recorded, zone: "us-1", priority: "999" }, holdChanges: false });
    assert.deepEqual(decision.effective, { ...recorded, priority: "0" });
    assert.deepEqual(decision.changes, []);
  });

  it("reports nothing when nothing changed", () => {
    assert.deepEqual(decideSteering({ recorded, pinned: {}, reported: recorded, holdChanges: true }), { effective: recorded, changes: [], held: null });
  });
});

describe("applyProposal", () => {
  it("applies held values except pinned keys", () => {
    const { effective, changes } = applyProposal(recorded, { weight: 1 }, { group: "g9", weight: 100 });
    assert.deepEqual(effective, { ...recorded, group: "g9" });
    assert.deepEqual(changes, [{ key: "group", from: "g1", to: "g9" }]);
  });
});

describe("hello mapping", () => {
  it("reads priority from the label and writes Vigil's values back", () => {
    const hello = { zone: "a", group: "g", role: "replica" as const, weight: 2, labels: { priority: "7", rack: "r1" } };
    assert.deepEqual(steeringOfHello(hello), { zone: "a", group: "g", role: "replica", weight: 2, priority: "7" });
    const taken = withSteering(hello, { zone: "b", group: null, role: null, weight: 1, priority: null });
    assert.deepEqual(taken, { zone: "b", group: undefined, role: undefined, weight: 1, labels: { rack: "r1" } });
  });
});
