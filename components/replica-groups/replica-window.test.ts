import assert from "node:assert/strict";
import { test } from "node:test";
import { groupHeadline, pagesCovering, rowAt } from "./replica-window";

test("the pages covering rows in view: partial pages at both ends, nothing for an empty range", () => {
  assert.deepEqual(pagesCovering(0, 9, 50), [0]);
  assert.deepEqual(pagesCovering(45, 105, 50), [0, 1, 2]);
  assert.deepEqual(pagesCovering(50, 99, 50), [1]);
  assert.deepEqual(pagesCovering(0, -1, 50), []);
});

test("a row is read from the page holding it, undefined while that page is not fetched", () => {
  const pages = new Map([[1, ["b0", "b1"]]]);
  assert.equal(rowAt(pages, 3, 2), "b1");
  assert.equal(rowAt(pages, 0, 2), undefined);
});

test("a collapsed row names the worst problem, problems before incidents, and counts the others", () => {
  assert.equal(groupHeadline({ problems: [], incidents: [] }), null);
  const group = {
    problems: [
      { severity: "warning", message: "replica r2 lags 12 s" },
      { severity: "critical", message: "no healthy primary" },
    ],
    incidents: [{ severity: "critical", message: "incident about no healthy primary" }],
  };
  assert.deepEqual(groupHeadline(group), { severity: "critical", message: "no healthy primary", more: 1 });
  // An incident left open after its problem cleared still puts the group first.
  assert.deepEqual(groupHeadline({ problems: [], incidents: [{ severity: "warning", message: "clearing" }] }), { severity: "warning", message: "clearing", more: 0 });
});
