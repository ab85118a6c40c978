import assert from "node:assert/strict";
import { test } from "node:test";
import { formatSetupCode, hashSetupCode, normalizeSetupCode, setupCodeLogLine } from "./setup-code";

test("a setup code is XXXX-XXXX-XXXX of Crockford base32", () => {
  const code = formatSetupCode(Uint8Array.from({ length: 12 }, (_, i) => i * 23));
  assert.match(code, /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
  assert.equal(formatSetupCode(new Uint8Array(12)), "0000-0000-0000");
  assert.equal(formatSetupCode(new Uint8Array(12).fill(31 + 32 * 7)), "ZZZZ-ZZZZ-ZZZZ");
  assert.throws(() => formatSetupCode(new Uint8Array(11)));
});

test("entry forgives case, spaces, dashes and letters read as digits", () => {
  assert.equal(normalizeSetupCode(" abcd-efgh-jk0z "), "ABCDEFGHJK0Z");
  assert.equal(hashSetupCode("O1l0-ABCD-EFGH"), hashSetupCode("0110 abcd efgh"));
  assert.notEqual(hashSetupCode("0000-0000-0001"), hashSetupCode("0000-0000-0002"));
  assert.match(hashSetupCode("x"), /^[0-9a-f]{64}$/);
});

test("the log line operators look for", () => {
  assert.equal(setupCodeLogLine("ABCD-EFGH-JKMN"), "[vigil] first run: open /setup and enter the setup code ABCD-EFGH-JKMN");
});
