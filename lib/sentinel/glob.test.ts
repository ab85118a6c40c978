import assert from "node:assert/strict";
import { test } from "node:test";
import { globMatch } from "./glob";

test("globMatch: Redis' patterns", () => {
  const cases: [string, string, boolean][] = [
    ["*", "+switch-master", true],
    ["+switch-*", "+switch-master", true],
    ["+switch-*", "+sdown", false],
    ["+s?own", "+sdown", true],
    ["[+-]sdown", "-sdown", true],
    ["[^+]sdown", "+sdown", false],
    ["[a-c]x", "bx", true],
    ["[a-c]x", "dx", false],
    ["\\*", "*", true],
    ["\\*", "a", false],
    ["a*b*c", "aXXbYYc", true],
    ["a*b*c", "aXXbYY", false],
    ["", "", true],
    ["", "a", false],
  ];
  for (const [pattern, text, expected] of cases) assert.equal(globMatch(pattern, text), expected, `${pattern} ~ ${text}`);
});

test("globMatch: many stars on a long non-matching text finish at once", () => {
  assert.equal(globMatch("*a*a*a*a*a*a*a*a*a*a*b", "a".repeat(5000)), false);
});
