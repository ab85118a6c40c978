import assert from "node:assert/strict";
import { test } from "node:test";
import { GROUP_PALETTE } from "@/components/groups/group-colors";
import { ringGroupColor } from "./ring-colors";

const palette = GROUP_PALETTE as readonly string[];

test("a ring group keeps its colour and always gets a palette entry", () => {
  // Pinned: a change here recolours every operator's ring between two releases.
  const kept: [string, string][] = [
    ["shard-01", "#d946ef"],
    ["shard-17", "#d946ef"],
    ["orders", "#c4b5fd"],
    ["", "#fda4af"],
    ["é-ü", "#fda4af"],
    ["x".repeat(200), "#fda4af"],
    ["g-99999999999999", "#ec4899"],
  ];
  for (const [id, colour] of kept) {
    assert.equal(ringGroupColor(id), colour, id);
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
