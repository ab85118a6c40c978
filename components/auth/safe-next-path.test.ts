import assert from "node:assert/strict";
import { test } from "node:test";
import { safeNextPath } from "./safe-next-path";

test("safeNextPath keeps local paths and refuses the rest", () => {
  assert.equal(safeNextPath("/nodes?state=down"), "/nodes?state=down");
  assert.equal(safeNextPath("/nodes/a#events"), "/nodes/a#events");
  assert.equal(safeNextPath(undefined), "/");
  assert.equal(safeNextPath(""), "/");
  assert.equal(safeNextPath("https://evil.example"), "/");
  assert.equal(safeNextPath("//evil.example"), "/");
  assert.equal(safeNextPath("/\\evil.example"), "/");
  assert.equal(safeNextPath("/login"), "/");
  assert.equal(safeNextPath(["/logs", "/x"]), "/logs");
});

test("what passes a prefix check but parses to another origin is refused", () => {
  // The URL parser drops tabs and newlines, and reads "\" as "/" in http(s) URLs.
  assert.equal(safeNextPath("/\t/evil.example"), "/");
  assert.equal(safeNextPath("/\n/evil.example"), "/");
  assert.equal(safeNextPath("/\\/evil.example"), "/");
  assert.equal(safeNextPath("/\t\\evil.example"), "/");
});

test("in the browser the page's own origin is the reference", () => {
  const origin = "https://vigil.example:8443";
  assert.equal(safeNextPath("/ring?group=a", origin), "/ring?group=a");
  assert.equal(safeNextPath("//vigil.example:8443/ring", origin), "/");
  assert.equal(safeNextPath("/\t/evil.example/x", origin), "/");
  // Dot segments are resolved, not passed on.
  assert.equal(safeNextPath("/nodes/../recovery", origin), "/recovery");
});
