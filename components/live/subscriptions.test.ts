import assert from "node:assert/strict";
import { test } from "node:test";
import { mergeSubscriptions } from "./subscriptions";

test("mergeSubscriptions unions what components ask for", () => {
  assert.deepEqual(mergeSubscriptions([]), { fleet: false, node: null, logs: null });
  assert.deepEqual(
    mergeSubscriptions([{ fleet: true }, { node: "n1" }, { logs: { nodeId: "n1", level: "warn" } }]),
    { fleet: true, node: "n1", logs: { nodeId: "n1", level: "warn" } },
  );
  assert.deepEqual(mergeSubscriptions([{ node: "a" }, { node: "b", fleet: false }]).node, "b");
});
