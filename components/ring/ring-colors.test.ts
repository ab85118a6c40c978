import assert from "node:assert/strict";
import { test } from "node:test";
import { GROUP_PALETTE } from "@/components/groups/group-colors";
import { ringGroupColor } from "./ring-colors";

const palette = GROUP_PALETTE as readonly string[];

test("a ring group keeps its colour and always gets a palette entry", () => {
  for (const id of ["shard-01", "shard-17", "orders", "", "é-ü", "x".repeat(200), "g-99999999999999"]) {
    assert.equal(ringGroupColor(id), ringGroupColor(id));
    assert.ok(palette.includes(ringGroupColor(id)), id);
  }
});

test("consecutive shards get different colours, as many as the palette holds", () => {
  const ids = Array.from({ length: GROUP_PALETTE.length }, (_, i) => `shard-${String(i + 3).padStart(2, "0")}`);
  assert.equal(new Set(ids.map(ringGroupColor)).size, GROUP_PALETTE.length);
});

test("names without a number spread over the palette", () => {
  const colours = new Set(["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa"].map(ringGroupColor));
  assert.ok(colours.size >= 4, `only ${colours.size} colours`);
});
