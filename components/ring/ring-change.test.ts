import assert from "node:assert/strict";
import { test } from "node:test";
import {
  EMPTY_DRAFT,
  describeChange,
  draftToChange,
  draftWithAdd,
  draftWithRemove,
  draftWithReweight,
  draftWithout,
  isEmptyDraft,
  parseRingWeight,
} from "./ring-change";

test("a draft names each group once: the latest choice about it wins", () => {
  let draft = draftWithAdd(EMPTY_DRAFT, "shard-09", 1);
  draft = draftWithRemove(draft, "shard-02");
  draft = draftWithReweight(draft, "shard-02", 2);
  draft = draftWithAdd(draft, "shard-09", 3);
  assert.deepEqual(draft, { add: [{ id: "shard-09", weight: 3 }], remove: [], reweight: [{ id: "shard-02", weight: 2 }] });
  assert.deepEqual(draftToChange(draft), { add: [{ id: "shard-09", weight: 3 }], reweight: [{ id: "shard-02", weight: 2 }] });
  assert.ok(isEmptyDraft(draftWithout(draftWithout(draft, "shard-09"), "shard-02")));
  assert.ok(isEmptyDraft(EMPTY_DRAFT));
});

test("weights are refused where the server would refuse them", () => {
  assert.equal(parseRingWeight("1"), 1);
  assert.equal(parseRingWeight("0.5"), 0.5);
  assert.equal(parseRingWeight("100"), 100);
  for (const bad of ["", " ", "0", "-1", "101", "abc", "Infinity"]) assert.equal(parseRingWeight(bad), null, bad);
});

test("changes read as a short list", () => {
  assert.equal(describeChange({ add: [{ id: "a", weight: 1 }], remove: ["b"], reweight: [{ id: "c", weight: 2 }] }), "+a (weight 1), −b, c → weight 2");
  assert.equal(describeChange(null), "no membership change");
});
