import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { compilePattern, MAX_PATTERN_LENGTH, patternProblem } from "./pattern";

describe("patterns (RE2)", () => {
  it("anchors matchers at both ends, like Prometheus", () => {
    const pattern = compilePattern("a|b", { mode: "anchored" });
    assert.ok(pattern);
    assert.equal(pattern.test("a"), true);
    assert.equal(pattern.test("ab"), false);
    assert.equal(pattern.test("xa"), false);
  });

  it("searches log lines, optionally ignoring case", () => {
    const pattern = compilePattern("out of memory", { mode: "search", ignoreCase: true });
    assert.ok(pattern);
    assert.equal(pattern.test("kernel: Out Of Memory: killed 42"), true);
    assert.equal(compilePattern("out of memory", { mode: "search" })?.test("Out Of Memory"), false);
  });

  it("runs a catastrophic-backtracking pattern in linear time", () => {
    // A backtracking engine takes ~2^36 steps here; the test runner's timeout catches a hang.
    const input = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!";
    for (const mode of ["anchored", "search"] as const) {
      const pattern = compilePattern("(a+)+$", { mode });
      assert.ok(pattern);
      assert.equal(pattern.test(input), false);
    }
    assert.equal(compilePattern("(x+x+)+y", { mode: "search" })?.test("x".repeat(5000)), false);
  });

  it("refuses what is not RE2, saying why", () => {
    const cases: [string, RegExp][] = [
      ["(a)\\1", /^not an RE2 pattern: backreferences such as \\1/],
      ["foo(?=bar)", /^not an RE2 pattern: lookahead/],
      ["foo(?!bar)", /^not an RE2 pattern: lookahead/],
      ["(?<=foo)bar", /^not an RE2 pattern: lookbehind/],
      ["(?<!foo)bar", /^not an RE2 pattern: lookbehind/],
      ["a++", /^not an RE2 pattern: possessive/],
      ["a*+", /^not an RE2 pattern: possessive/],
      ["(", /^not an RE2 pattern: missing closing \)/],
      ["\\Z", /^not an RE2 pattern: invalid escape sequence/],
    ];
    for (const [source, expected] of cases) {
      assert.match(patternProblem(source) ?? "", expected, source);
      assert.equal(compilePattern(source, { mode: "anchored" }), null, source);
      assert.match(patternProblem(source, { mode: "search" }) ?? "", expected, source);
    }
  });

  it("does not let a source escape the anchoring", () => {
    assert.match(patternProblem("a)|(b") ?? "", /^not an RE2 pattern/);
  });

  it("accepts RE2's own syntax", () => {
    for (const source of ["(?P<name>a)", "(?i)abc", "[[:alpha:]]+", "\\pL", "\\d{1,3}", "\\bword\\b", "a.*b", ""]) {
      assert.equal(patternProblem(source), null, source);
    }
  });

  it("bounds length and compiled size", () => {
    assert.match(patternProblem("a".repeat(MAX_PATTERN_LENGTH + 1)) ?? "", /longer than/);
    assert.match(patternProblem(".{1000}") ?? "", /too complex/);
    assert.match(patternProblem("a{1001}") ?? "", /not an RE2 pattern: invalid repeat count/);
  });
});
