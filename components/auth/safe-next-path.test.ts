import assert from "node:assert/strict";
import { test } from "node:test";
import { safeNextPath } from "./safe-next-path";

test("safeNextPath keeps local paths and refuses the rest", () => {
  assert.equal(safeNextPath("/nodes?state=down"), "/nodes?state=down");
  assert.equal(safeNextPath(undefined), "/");
  assert.equal(safeNextPath("https://evil.example"), "/");
  assert.equal(safeNextPath("//evil.example"), "/");
  assert.equal(safeNextPath("/\\evil.example"), "/");
  assert.equal(safeNextPath("/login"), "/");
  assert.equal(safeNextPath(["/logs", "/x"]), "/logs");
});
