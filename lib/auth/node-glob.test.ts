import assert from "node:assert/strict";
import { test } from "node:test";
import { matchesNodeGlob } from "./node-glob";

test("a node glob matches * as any run, ? as one character, the rest literally", () => {
  assert.ok(matchesNodeGlob("db-*", "db-1"));
  assert.ok(matchesNodeGlob("db-*", "db-"));
  assert.ok(!matchesNodeGlob("db-*", "web-1"));
  assert.ok(!matchesNodeGlob("db-*", "xdb-1"));
  assert.ok(matchesNodeGlob("*", "anything"));
  assert.ok(matchesNodeGlob("db-?", "db-7"));
  assert.ok(!matchesNodeGlob("db-?", "db-17"));
  assert.ok(matchesNodeGlob("eu-*-db-*", "eu-west-db-3"));
  assert.ok(!matchesNodeGlob("eu-*-db-*", "eu-west-web-3"));
  assert.ok(matchesNodeGlob("a.b", "a.b"));
  assert.ok(!matchesNodeGlob("a.b", "axb"), "a dot is a dot, not any character");
});

test("many stars against a long id still give the right answer", () => {
  assert.ok(!matchesNodeGlob("*a*a*a*a*a*a*a*a*b", "a".repeat(128)));
  assert.ok(matchesNodeGlob("*a*a*a*a*a*a*a*a*b", `${"a".repeat(127)}b`));
});
