import assert from "node:assert/strict";
import { test } from "node:test";
import { parseLocalDateTime, resolveLogTimeRange } from "./log-time-range";

test("resolveLogTimeRange anchors presets and passes custom bounds", () => {
  assert.deepEqual(resolveLogTimeRange("1h", 10_000_000, "", ""), { from: 10_000_000 - 3600_000 });
  assert.deepEqual(resolveLogTimeRange("all", 10_000_000, "", ""), {});
  const custom = resolveLogTimeRange("custom", 0, "2026-01-02T03:04", "");
  assert.equal(custom.from, new Date("2026-01-02T03:04").getTime());
  assert.equal(custom.to, undefined);
  assert.equal(parseLocalDateTime("not a date"), undefined);
});
