import assert from "node:assert/strict";
import { test } from "node:test";
import { readCookie, touchIntervalMs } from "./sessions";

test("readCookie decodes the named cookie; a malformed or empty value is no cookie", () => {
  assert.equal(readCookie("a=1; vigil_session=vss_abc%2Bd; b=2", "vigil_session"), "vss_abc+d");
  assert.equal(readCookie("vigil_session=%E0%A4%A", "vigil_session"), null);
  assert.equal(readCookie("vigil_session=%", "vigil_session"), null);
  assert.equal(readCookie("vigil_session=", "vigil_session"), null);
  assert.equal(readCookie("other=%E0%A4%A; vigil_session=ok", "vigil_session"), "ok");
  assert.equal(readCookie(null, "vigil_session"), null);
});

test("with an idle timeout, lastSeenAt is refreshed well within it", () => {
  assert.equal(touchIntervalMs(0), 60_000);
  assert.equal(touchIntervalMs(60_000), 15_000);
  assert.equal(touchIntervalMs(30 * 60_000), 60_000);
});
