import assert from "node:assert/strict";
import { test } from "node:test";
import { chartDomain, parseTimeRange, rangeCovering, TIME_RANGE_MS } from "./time-range";

const MINUTE = 60_000;
const NOW = 1_800_000_000_000;

test("?range= is read when it is a known range, ignored otherwise", () => {
  assert.equal(parseTimeRange("6h"), "6h");
  assert.equal(parseTimeRange("2h"), null);
  assert.equal(parseTimeRange(["1h"]), null);
  assert.equal(parseTimeRange(undefined), null);
});

test("without a choice the range covers the data there is: 15 minutes at least, a week at most", () => {
  assert.equal(rangeCovering(null, NOW), "15m");
  assert.equal(rangeCovering(NOW - 3 * MINUTE, NOW), "15m");
  assert.equal(rangeCovering(NOW - 40 * MINUTE, NOW), "1h");
  assert.equal(rangeCovering(NOW - 5 * 60 * MINUTE, NOW), "6h");
  assert.equal(rangeCovering(NOW - 30 * 24 * 60 * MINUTE, NOW), "7d");
});

test("a chosen range is drawn in full; without a choice the axis starts at the oldest point, 15 minutes wide at least", () => {
  assert.deepEqual(chartDomain("24h", TIME_RANGE_MS["24h"], NOW, NOW - MINUTE), [NOW - TIME_RANGE_MS["24h"], NOW]);
  assert.deepEqual(chartDomain(null, TIME_RANGE_MS["1h"], NOW, NOW - 2 * MINUTE), [NOW - 15 * MINUTE, NOW]);
  assert.deepEqual(chartDomain(null, TIME_RANGE_MS["1h"], NOW, NOW - 40 * MINUTE), [NOW - 40 * MINUTE, NOW]);
  assert.deepEqual(chartDomain(null, TIME_RANGE_MS["1h"], NOW, NOW - 90 * MINUTE), [NOW - 60 * MINUTE, NOW]);
  assert.deepEqual(chartDomain(null, TIME_RANGE_MS["1h"], NOW, null), [NOW - 60 * MINUTE, NOW]);
});
