import assert from "node:assert/strict";
import { test } from "node:test";
import { fromDateTimeLocal, silenceEndsAt, toDateTimeLocal } from "./silence-time";

const now = new Date(2026, 10, 26, 14, 3, 9).getTime();

test("presets end that long from now", () => {
  assert.deepEqual(silenceEndsAt("1h", "", now), { endsAt: now + 3_600_000 });
  assert.deepEqual(silenceEndsAt("2h", "garbage", now), { endsAt: now + 7_200_000 });
  assert.deepEqual(silenceEndsAt("1d", "", now), { endsAt: now + 86_400_000 });
});

test("a custom end is local time and must be in the future", () => {
  assert.equal(toDateTimeLocal(now), "2026-11-26T14:03");
  assert.equal(fromDateTimeLocal("2026-11-26T16:30"), new Date(2026, 10, 26, 16, 30).getTime());
  assert.deepEqual(silenceEndsAt("custom", "2026-11-26T16:30", now), { endsAt: new Date(2026, 10, 26, 16, 30).getTime() });
  assert.deepEqual(silenceEndsAt("custom", "", now), { problem: "Choose when the silence ends." });
  assert.deepEqual(silenceEndsAt("custom", "2026-11-26T14:00", now), { problem: "The end time is in the past." });
  assert.equal(fromDateTimeLocal("26/11/2026 14:00"), null);
});
