import assert from "node:assert/strict";
import { test } from "node:test";
import { nodeRecoveryHolds } from "./node-recovery";
import type { RecoveryBlock, RecoveryStatus } from "./recovery-types";

const block = (overrides: Partial<RecoveryBlock>): RecoveryBlock => ({
  id: "b",
  kind: "anti-flap",
  groupId: null,
  nodeId: null,
  actionKind: null,
  actionId: null,
  reason: "why",
  acknowledgeable: false,
  raises: null,
  until: null,
  ...overrides,
});

const status = (blocks: RecoveryBlock[], mode: RecoveryStatus["mode"] = "auto"): RecoveryStatus => ({
  at: 0,
  blocks,
  freezes: [{ id: "f", kind: "blast-radius", scope: "destructive", reason: "zone a", since: 0, until: null }],
  rankings: [],
  killSwitch: { frozen: false, by: null, at: null, reason: null },
  mode,
  worstCaseFailover: { detectionMs: 0, confirmMs: 0, verifyMs: 0, totalMs: 0 },
  plans: [],
});

test("a node's holds: its own blocks and its group's, every freeze, the mode", () => {
  const blocks = [
    block({ id: "mine", kind: "restart-budget", nodeId: "n1", groupId: "g1" }),
    block({ id: "group", kind: "min-available", groupId: "g1" }),
    block({ id: "other-node", nodeId: "n2", groupId: "g1" }),
    block({ id: "other-group", groupId: "g2" }),
  ];
  const holds = nodeRecoveryHolds(status(blocks, "dry-run"), "n1", "g1");
  assert.deepEqual(holds.blocks.map((b) => b.id), ["mine", "group"]);
  assert.equal(holds.freezes.length, 1);
  assert.match(holds.modeNote ?? "", /dry run/);
  assert.equal(holds.restartBudgetExhausted, true);
  assert.equal(nodeRecoveryHolds(status(blocks), "n2", "g1").restartBudgetExhausted, false);
  assert.equal(nodeRecoveryHolds(status(blocks), "n2", "g1").modeNote, null);
  assert.deepEqual(nodeRecoveryHolds(null, "n1", "g1"), { blocks: [], freezes: [], modeNote: null, restartBudgetExhausted: false });
});
