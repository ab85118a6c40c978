import assert from "node:assert/strict";
import { test } from "node:test";
import { accountKey, ACCOUNT_POLICY, ADDRESS_POLICY, addressKey, blockMsAfter, isForgotten, remainingBlockMs, retryAfterSeconds } from "./login-throttle";

test("free failures first, then a block that doubles from 1 s up to 15 min", () => {
  const blocks = Array.from({ length: 18 }, (_, i) => blockMsAfter(i + 1, ACCOUNT_POLICY));
  assert.deepEqual(blocks.slice(0, 4), [0, 0, 0, 0]);
  assert.deepEqual(blocks.slice(4, 10), [1000, 2000, 4000, 8000, 16_000, 32_000]);
  assert.equal(blocks[14], 900_000);
  assert.equal(blockMsAfter(1_000_000, ACCOUNT_POLICY), 900_000);
  assert.equal(blockMsAfter(19, ADDRESS_POLICY), 0);
  assert.equal(blockMsAfter(20, ADDRESS_POLICY), 1000);
});

test("a block ends at blockedUntil; a quiet hour forgets the failures", () => {
  const state = { failures: 7, lastFailureAt: 10_000, blockedUntil: 14_000 };
  assert.equal(remainingBlockMs(null, 10_000, ACCOUNT_POLICY), 0);
  assert.equal(remainingBlockMs(state, 10_500, ACCOUNT_POLICY), 3500);
  assert.equal(remainingBlockMs(state, 14_000, ACCOUNT_POLICY), 0);
  assert.equal(isForgotten(state, 10_000 + 3_600_000, ACCOUNT_POLICY), false);
  assert.equal(isForgotten(state, 10_001 + 3_600_000, ACCOUNT_POLICY), true);
  // Even a block that would still run is dropped with a forgotten history (the cap keeps it shorter anyway).
  assert.equal(remainingBlockMs({ ...state, blockedUntil: 10_000_000 }, 10_001 + 3_600_000, ACCOUNT_POLICY), 0);
});

test("keys: accounts ignore case and spaces, addresses are taken as given", () => {
  assert.equal(accountKey(" Admin@Example.COM "), "account:admin@example.com");
  assert.equal(addressKey("2001:db8::1"), "ip:2001:db8::1");
});

test("Retry-After is whole seconds, rounded up, at least 1", () => {
  assert.equal(retryAfterSeconds(1), 1);
  assert.equal(retryAfterSeconds(1000), 1);
  assert.equal(retryAfterSeconds(1001), 2);
  assert.equal(retryAfterSeconds(0), 1);
});
