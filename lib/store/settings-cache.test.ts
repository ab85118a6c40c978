import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { activeSilences, createSilence } from "./alerting";
import { applyMigrations } from "./migrate";
import { openDatabase, type Db } from "./prisma";
import { loadKillSwitch, setKillSwitch } from "./recovery";
import { cachedSetting, SETTINGS_VERSION_KEY, writeSettings } from "./settings-cache";

let dir: string;
/** Two clients on one database stand for two Vigil instances: each has its own cache. */
let first: Db;
let second: Db;
const T0 = 1_800_000_000_000;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "vigil-settings-"));
  const url = `file:${join(dir, "vigil.db")}`;
  await applyMigrations(url);
  first = await openDatabase(url);
  second = await openDatabase(url);
});
after(async () => {
  await first.$disconnect();
  await second.$disconnect();
  rmSync(dir, { recursive: true, force: true });
});

function countingLoader(db: Db, key: string) {
  const counter = { loads: 0 };
  const load = () =>
    cachedSetting(db, `test.${key}`, async () => {
      counter.loads += 1;
      return (await db.jobState.findUnique({ where: { key } }))?.value ?? null;
    });
  return { counter, load };
}

const putJob = (db: Db, key: string, value: string) => db.jobState.upsert({ where: { key }, create: { key, value }, update: { value } });

test("a setting is loaded once while the version stays, and again after a settings write", { timeout: 60_000 }, async () => {
  const { counter, load } = countingLoader(first, "test.one");
  await writeSettings(first, putJob(first, "test.one", "a"));
  assert.equal(await load(), "a");
  assert.equal(await load(), "a");
  assert.equal(counter.loads, 1, "the second read reuses the value");
  // A write that bypasses the version is not seen: this is what the cache saves.
  await putJob(first, "test.one", "behind the cache's back");
  assert.equal(await load(), "a");
  await writeSettings(first, putJob(first, "test.one", "b"));
  assert.equal(await load(), "b");
  assert.equal(counter.loads, 2);
});

test("a write on one instance is seen by the other's next read", { timeout: 60_000 }, async () => {
  assert.equal((await loadKillSwitch(second)).frozen, false);
  assert.equal((await loadKillSwitch(second)).frozen, false);
  await setKillSwitch(first, true, "alice", "maintenance", T0);
  const seen = await loadKillSwitch(second);
  assert.equal(seen.frozen, true);
  assert.equal(seen.by, "alice");
  await setKillSwitch(second, false, "bob", null, T0 + 1);
  assert.equal((await loadKillSwitch(first)).frozen, false);
});

test("the version moves only with a write that committed", { timeout: 60_000 }, async () => {
  const { counter, load } = countingLoader(first, "test.two");
  await load();
  const version = (await first.jobState.findUnique({ where: { key: SETTINGS_VERSION_KEY } }))?.value;
  // The second write fails (its key exists), so the whole transaction, version included, rolls back.
  await assert.rejects(writeSettings(first, putJob(first, "test.two", "lost"), first.jobState.create({ data: { key: SETTINGS_VERSION_KEY, value: "x" } })));
  assert.equal((await first.jobState.findUnique({ where: { key: SETTINGS_VERSION_KEY } }))?.value, version);
  assert.equal((await first.jobState.findUnique({ where: { key: "test.two" } }))?.value, undefined);
  await load();
  assert.equal(counter.loads, 1);
});

test("cached silences still end on time", { timeout: 60_000 }, async () => {
  await createSilence(first, { matchers: [{ name: "node", value: "a", isRegex: false, isEqual: true }], startsAt: T0, endsAt: T0 + 60_000, comment: "deploy" }, "alice", T0);
  assert.equal((await activeSilences(first, T0 + 1_000)).length, 1);
  assert.equal((await activeSilences(first, T0 + 61_000)).length, 0);
  // Both answers above came from one load; a value a caller changes does not leak into the next answer.
  const [silence] = await activeSilences(first, T0 + 2_000);
  silence.comment = "changed by a caller";
  assert.equal((await activeSilences(first, T0 + 3_000))[0].comment, "deploy");
});
