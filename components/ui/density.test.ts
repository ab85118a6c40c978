import assert from "node:assert/strict";
import { test } from "node:test";
import { parseDensity } from "./density";

test("only 'compact' is compact; anything else stored reads as comfortable", () => {
  assert.equal(parseDensity("compact"), "compact");
  assert.equal(parseDensity("comfortable"), "comfortable");
  assert.equal(parseDensity(null), "comfortable");
  assert.equal(parseDensity(undefined), "comfortable");
  assert.equal(parseDensity("COMPACT"), "comfortable");
  assert.equal(parseDensity(""), "comfortable");
});
