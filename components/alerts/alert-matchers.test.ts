import assert from "node:assert/strict";
import { test } from "node:test";
import {
  countMatching,
  describeMatcher,
  matcherMatches,
  matcherOperator,
  matchersProblem,
  matcherWithOperator,
  matchesAllMatchers,
  silenceMatchersForAlert,
} from "./alert-matchers";

const down = { alertname: "NodeDown", severity: "critical", category: "node", node: "sim-a-001", zone: "zone-a", group: "rg-1" };

test("the four operators map to and from the isRegex / isEqual flags", () => {
  for (const operator of ["=", "!=", "=~", "!~"] as const) assert.equal(matcherOperator(matcherWithOperator("node", operator, "x")), operator);
  assert.deepEqual(matcherWithOperator("zone", "!~", "a|b"), { name: "zone", value: "a|b", isRegex: true, isEqual: false });
  assert.equal(describeMatcher(matcherWithOperator("zone", "=~", "zone-(a|b)")), 'zone=~"zone-(a|b)"');
});

test("regexes are anchored at both ends, as in Alertmanager", () => {
  assert.equal(matcherMatches(matcherWithOperator("node", "=~", "sim-a"), down), false, "a prefix is not a match");
  assert.equal(matcherMatches(matcherWithOperator("node", "=~", "sim-a-.*"), down), true);
  assert.equal(matcherMatches(matcherWithOperator("zone", "=~", "zone-b|zone-a"), down), true, "alternation applies to the whole value");
  assert.equal(matcherMatches(matcherWithOperator("zone", "=~", "zone-b|zone"), down), false);
  assert.equal(matcherMatches(matcherWithOperator("zone", "!~", "zone-b|zone-c"), down), true);
});

test("a missing label matches as the empty string", () => {
  const hot = { alertname: "HotGroupShare", severity: "warning" };
  assert.equal(matcherMatches(matcherWithOperator("node", "=", ""), hot), true);
  assert.equal(matcherMatches(matcherWithOperator("node", "!=", "sim-a-001"), hot), true);
  assert.equal(matcherMatches(matcherWithOperator("node", "=~", ".*"), hot), true);
  assert.equal(matcherMatches(matcherWithOperator("node", "=~", ".+"), hot), false);
  assert.equal(matcherMatches(matcherWithOperator("node", "!~", ".+"), hot), true);
});

test("an invalid regex matches nothing instead of throwing, whichever the sense", () => {
  assert.equal(matcherMatches(matcherWithOperator("node", "=~", "sim-("), down), false);
  assert.equal(matcherMatches(matcherWithOperator("node", "!~", "(a)\\1"), down), false);
});

test("all matchers must match; the count is over the given alerts", () => {
  const other = { ...down, node: "sim-b-002", zone: "zone-b" };
  const matchers = [matcherWithOperator("alertname", "=", "NodeDown"), matcherWithOperator("zone", "=", "zone-a")];
  assert.equal(matchesAllMatchers(matchers, down), true);
  assert.equal(matchesAllMatchers(matchers, other), false);
  assert.equal(matchesAllMatchers([], other), true);
  assert.equal(countMatching(matchers, [{ labels: down }, { labels: other }, { labels: { ...down, node: "sim-a-009" } }]), 2);
});

test("matchersProblem explains what the server would refuse", () => {
  assert.equal(matchersProblem([matcherWithOperator("alertname", "=", "NodeDown")]), null);
  assert.match(matchersProblem([]) ?? "", /at least one matcher/i);
  assert.match(matchersProblem([matcherWithOperator("", "=", "x")]) ?? "", /label name/);
  assert.match(matchersProblem([matcherWithOperator("9node", "=", "x")]) ?? "", /letters, digits/);
  assert.match(matchersProblem([matcherWithOperator("node", "=~", "(")]) ?? "", /Matcher 1: not an RE2 pattern: missing closing/);
  assert.match(matchersProblem([matcherWithOperator("node", "=~", "(a)\\1")]) ?? "", /not an RE2 pattern: backreferences/);
  assert.match(matchersProblem([matcherWithOperator("node", "=~", "sim(?=-a)")]) ?? "", /not an RE2 pattern: lookahead/);
  assert.match(matchersProblem([matcherWithOperator("node", "=~", "a".repeat(300))]) ?? "", /longer than 256/);
  assert.match(matchersProblem([matcherWithOperator("node", "=~", ".*")]) ?? "", /every alert/);
  assert.match(matchersProblem([matcherWithOperator("node", "!=", "x")]) ?? "", /every alert/);
  assert.equal(matchersProblem([matcherWithOperator("node", "=~", ".*"), matcherWithOperator("alertname", "=", "NodeDown")]), null);
});

test("silencing an alert starts from its name and what it is about", () => {
  assert.deepEqual(silenceMatchersForAlert(down).map(describeMatcher), ['alertname="NodeDown"', 'node="sim-a-001"']);
  const split = { alertname: "SplitBrain", severity: "critical", category: "replication", group: "rg-1", zone: "zone-a" };
  assert.deepEqual(silenceMatchersForAlert(split).map(describeMatcher), ['alertname="SplitBrain"', 'group="rg-1"', 'zone="zone-a"']);
  const partition = { alertname: "VigilPartitioned", severity: "critical", category: "fleet", zone: "zone-c" };
  assert.deepEqual(silenceMatchersForAlert(partition).map(describeMatcher), ['alertname="VigilPartitioned"', 'zone="zone-c"']);
  const custom = { alertname: "HighCpu", severity: "warning", category: "metric", node: "n1", zone: "z", team: "db" };
  assert.deepEqual(silenceMatchersForAlert(custom).map(describeMatcher), ['alertname="HighCpu"', 'node="n1"', 'team="db"']);
  assert.equal(matchersProblem(silenceMatchersForAlert(down)), null, "the prefill is always a valid silence");
});
