import assert from "node:assert/strict";
import { test } from "node:test";
import { TokenBudgets } from "./token-budgets";

test("a token's live connections are capped at maxConnections; a released one frees its place, once", () => {
  const budgets = new TokenBudgets({ bytesPerSec: 1000, byteBurst: 1000 });
  const first = budgets.admit("t1", 2, 0);
  const second = budgets.admit("t1", 2, 0);
  assert.ok(first && second);
  assert.equal(budgets.admit("t1", 2, 0), null);
  assert.ok(budgets.admit("t2", 2, 0), "another token has its own count");
  first();
  first();
  assert.equal(budgets.connections("t1"), 1, "releasing twice frees one place");
  assert.ok(budgets.admit("t1", 2, 0));
  assert.ok(budgets.admit("t1", null, 0), "no limit");
});

test("every connection of a token shares one byte budget, kept across reconnects", () => {
  const budgets = new TokenBudgets({ bytesPerSec: 1000, byteBurst: 1000 });
  budgets.bytes("t1", 0).spend(0, 3000);
  assert.equal(budgets.bytes("t1", 0).waitMs(0, 0), 2000);
  assert.equal(budgets.bytes("t2", 0).waitMs(0, 0), 0);
});
