import assert from "node:assert/strict";
import { test } from "node:test";
import { TokenBucket } from "./token-bucket";

test("take refuses what does not fit and says how long until it would", () => {
  const bucket = new TokenBucket(100, 10, 0);
  assert.equal(bucket.take(0, 10), true);
  assert.equal(bucket.take(0), false);
  assert.equal(bucket.waitMs(0, 5), 50);
  assert.equal(bucket.take(50, 5), true);
  assert.equal(bucket.waitMs(10_000, 10), 0, "refills up to the burst");
  assert.equal(bucket.take(10_000, 11), false, "never beyond it");
});

test("spend overdraws; the debt is repaid at the rate before anything passes again", () => {
  const bucket = new TokenBucket(1000, 500, 0);
  bucket.spend(0, 1500);
  assert.equal(bucket.waitMs(0, 0), 1000);
  assert.equal(bucket.waitMs(600, 0), 400);
  assert.equal(bucket.waitMs(1000, 0), 0);
});

test("a clock stepped back neither refills nor drains", () => {
  const bucket = new TokenBucket(1000, 1000, 10_000);
  bucket.spend(10_000, 1000);
  assert.equal(bucket.waitMs(5_000, 0), 0);
  assert.equal(bucket.take(5_000, 1), false);
  assert.equal(bucket.waitMs(10_500, 500), 0, "time counts again from the latest instant seen");
});
