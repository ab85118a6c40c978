import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { HOOK_ACTION_KINDS } from "../../recovery/hooks";
import { AUDIT_KINDS, auditKindList, auditKindPrefix, auditQuerySchema } from "./audit";
import { MANUAL_ACTION_KINDS } from "./recovery";

const ROOT = new URL("../../../", import.meta.url).pathname;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === "generated" || name === "node_modules" ? [] : sourceFiles(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

test("every audit kind written in lib/ and app/ is documented in AUDIT_KINDS", () => {
  const written = new Set<string>();
  for (const file of [...sourceFiles(join(ROOT, "lib")), ...sourceFiles(join(ROOT, "app"))]) {
    if (file.endsWith("lib/protocol/api/audit.ts")) continue;
    const text = readFileSync(file, "utf8");
    for (const match of text.matchAll(/\b(?:action|auditKind|audit): "([a-z-]+\.[a-z-]+)"/g)) written.add(match[1]);
  }
  // `action.${kind}`: the recovery job's and operators' actions.
  for (const kind of [...HOOK_ACTION_KINDS, ...MANUAL_ACTION_KINDS]) written.add(`action.${kind}`);
  const missing = [...written].filter((kind) => !(kind in AUDIT_KINDS));
  assert.deepEqual(missing, [], "add these to AUDIT_KINDS in lib/protocol/api/audit.ts");
});

test("the kinds list groups by prefix", () => {
  assert.equal(auditKindPrefix("receiver.rotate-secret"), "receiver");
  assert.equal(auditKindPrefix("recovery-hook.create"), "recovery-hook");
  const list = auditKindList().items;
  assert.equal(list.length, Object.keys(AUDIT_KINDS).length);
  assert.ok(list.every((item) => item.description.length > 0 && item.kind.startsWith(`${item.prefix}.`)));
});

test("the query caps its limit at 500", () => {
  assert.equal(auditQuerySchema.parse({}).limit, 200);
  assert.equal(auditQuerySchema.safeParse({ limit: "501" }).success, false);
  assert.equal(auditQuerySchema.parse({ limit: "500", action: "receiver.", from: "1" }).from, 1);
});
