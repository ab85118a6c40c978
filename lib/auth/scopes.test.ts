import assert from "node:assert/strict";
import { test } from "node:test";
import { ALL_SCOPES, defaultScopes, scopeAllows } from "./scopes";

test("reads need read, changes need write, unless a route accepts more", () => {
  assert.equal(scopeAllows(["read"], defaultScopes("GET")), true);
  assert.equal(scopeAllows(["read"], defaultScopes("POST")), false);
  assert.equal(scopeAllows(["write"], defaultScopes("DELETE")), true);
  assert.equal(scopeAllows(["write"], defaultScopes("GET")), false);
});

test("an alerts:ingest token reaches only routes that accept it", () => {
  assert.equal(scopeAllows(["alerts:ingest"], ["write", "alerts:ingest"]), true);
  assert.equal(scopeAllows(["alerts:ingest"], defaultScopes("POST")), false);
  assert.equal(scopeAllows(["alerts:ingest"], defaultScopes("GET")), false);
});

test("users and the bootstrap token hold every scope", () => {
  for (const method of ["GET", "POST", "PUT", "PATCH", "DELETE"] as const) assert.equal(scopeAllows(ALL_SCOPES, defaultScopes(method)), true);
});
