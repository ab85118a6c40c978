import assert from "node:assert/strict";
import { test } from "node:test";
import { DEFAULT_LOG_WINDOW_MS, MAX_TEXT_SEARCH_WINDOW_MS, resolveLogWindow } from "./logs";

const NOW = 1_800_000_000_000;
const DAY = 86_400_000;

test("a search without from covers the hour before to, which defaults to now", () => {
  assert.deepEqual(resolveLogWindow({}, NOW), { window: { from: NOW - DEFAULT_LOG_WINDOW_MS, to: NOW } });
  assert.deepEqual(resolveLogWindow({ to: NOW - DAY }, NOW), { window: { from: NOW - DAY - DEFAULT_LOG_WINDOW_MS, to: NOW - DAY } });
  assert.deepEqual(resolveLogWindow({ from: 0 }, NOW), { window: { from: 0, to: NOW } }, "filters without text may span any time");
});

test("a text search spans at most 7 days", () => {
  assert.deepEqual(resolveLogWindow({ q: "disk", from: NOW - MAX_TEXT_SEARCH_WINDOW_MS }, NOW), { window: { from: NOW - MAX_TEXT_SEARCH_WINDOW_MS, to: NOW } });
  const wide = resolveLogWindow({ q: "disk", from: NOW - 30 * DAY }, NOW);
  assert.ok("problem" in wide);
  assert.match(wide.problem, /text search over 30 days: narrow the window .* at most 7 days/);
});

test("from after to is refused", () => {
  assert.ok("problem" in resolveLogWindow({ from: NOW, to: NOW - 1 }, NOW));
});
