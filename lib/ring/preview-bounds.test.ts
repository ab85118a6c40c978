import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { MAX_PREVIEW_GROUPS, MAX_PREVIEW_VNODES, previewBoundProblem, previewCost } from "./preview-bounds";

const groups = (count: number, weight: number) => Array.from({ length: count }, (_, i) => ({ id: `g-${i}`, weight }));

describe("ring preview bounds", () => {
  it("estimates cost as groups × virtual nodes", () => {
    assert.deepEqual(previewCost({ add: groups(3, 1), remove: ["x"], reweight: [{ id: "y", weight: 2 }] }), { groups: 5, vnodes: 3 * 128 + 256 });
  });

  it("accepts an ordinary change", () => {
    assert.equal(previewBoundProblem({ add: groups(10, 1) }), null);
    assert.equal(previewBoundProblem({ add: groups(5, 100) }), null);
  });

  it("refuses too many groups, naming the bound", () => {
    const problem = previewBoundProblem({ remove: groups(MAX_PREVIEW_GROUPS + 1, 1).map((g) => g.id) });
    assert.match(problem ?? "", new RegExp(`names ${MAX_PREVIEW_GROUPS + 1} groups, at most ${MAX_PREVIEW_GROUPS}`));
  });

  it("refuses too many virtual nodes, naming the bound", () => {
    const problem = previewBoundProblem({ add: groups(6, 100) });
    assert.match(problem ?? "", new RegExp(`76800 virtual nodes .* at most ${MAX_PREVIEW_VNODES}`));
  });
});
