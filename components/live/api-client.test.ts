import assert from "node:assert/strict";
import { test } from "node:test";
import { buildQuery } from "./api-client";

test("buildQuery leaves out empty values and encodes the rest", () => {
  assert.equal(buildQuery({}), "");
  assert.equal(buildQuery({ state: "", zone: null, q: undefined }), "");
  assert.equal(buildQuery({ q: "a b&c", limit: 50, live: true }), "?q=a+b%26c&limit=50&live=true");
});
