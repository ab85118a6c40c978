import "server-only";
import { randomUUID } from "node:crypto";
import type { Prisma } from "../generated/prisma/client";
import type { Db } from "./prisma";

/**
 * Settings that change rarely (recovery policies, kill switch, acknowledgements, alert rules,
 * receivers, silences, maintenance windows, recovery hooks, ring and grouping settings) are read
 * by jobs every second. Each write of them also writes a new settings version, in the same
 * transaction; readers check that one row and reuse what they loaded while it is unchanged.
 * The version lives in the database, so a write on one instance reaches every other instance.
 * It is a fresh unique stamp rather than a number: readers only ask "is it still the one I
 * loaded with?", and a stamp needs no read-modify-write on either engine.
 */
export const SETTINGS_VERSION_KEY = "settings.version";

/** No version row yet (a fresh database): settings were never written through the store. */
const NEVER_WRITTEN = "";

type Slot = { version: string; value: unknown };
type DbCache = {
  slots: Map<string, Slot>;
  /** Local writes so far: a version read issued before the latest local write is never shared with a reader after it. */
  localWrites: number;
  pending: { localWrites: number; version: Promise<string> } | null;
};

/**
 * Process-global (Symbol.for), per client: route handlers are bundled apart from server.ts, and
 * an operator's write through the API must be seen by the jobs' next read in the same process.
 */
const CACHE_KEY = Symbol.for("vigil.settings.cache");
type GlobalWithCache = typeof globalThis & { [CACHE_KEY]?: WeakMap<Db, DbCache> };
const caches = ((globalThis as GlobalWithCache)[CACHE_KEY] ??= new WeakMap<Db, DbCache>());

function cacheOf(db: Db): DbCache {
  let cache = caches.get(db);
  if (!cache) {
    cache = { slots: new Map(), localWrites: 0, pending: null };
    caches.set(db, cache);
  }
  return cache;
}

async function readVersion(db: Db): Promise<string> {
  const row = await db.jobState.findUnique({ where: { key: SETTINGS_VERSION_KEY } });
  return row?.value ?? NEVER_WRITTEN;
}

/** The current version; readers that ask at the same time share one query. */
function currentVersion(db: Db): Promise<string> {
  const cache = cacheOf(db);
  if (cache.pending && cache.pending.localWrites === cache.localWrites) return cache.pending.version;
  const pending = { localWrites: cache.localWrites, version: readVersion(db) };
  cache.pending = pending;
  void pending.version.finally(() => {
    if (cache.pending === pending) cache.pending = null;
  }).catch(() => undefined);
  return pending.version;
}

/**
 * `load()`'s value, reloaded only when the settings version changed since it was loaded.
 * `name` identifies the setting (one slot per name and client).
 */
export async function cachedSetting<T>(db: Db, name: string, load: () => Promise<T>): Promise<T> {
  const cache = cacheOf(db);
  const version = await currentVersion(db);
  const slot = cache.slots.get(name);
  // Copies, so a caller that mutates what it got cannot change what the next caller gets.
  if (slot && slot.version === version) return structuredClone(slot.value) as T;
  // Loaded after the version was read: a write in between only causes one more reload later.
  const value = await load();
  cache.slots.set(name, { version, value: structuredClone(value) });
  return value;
}

function versionWrite(db: Db): Prisma.PrismaPromise<unknown> {
  const value = `${Date.now().toString(36)}-${randomUUID()}`;
  return db.jobState.upsert({ where: { key: SETTINGS_VERSION_KEY }, create: { key: SETTINGS_VERSION_KEY, value }, update: { value } });
}

/**
 * Runs `write` (and `alongside`, e.g. its audit row) with a new settings version, in one
 * transaction; answers `write`'s result.
 */
export async function writeSettings<T>(db: Db, write: Prisma.PrismaPromise<T>, ...alongside: Prisma.PrismaPromise<unknown>[]): Promise<T> {
  const cache = cacheOf(db);
  try {
    const [result] = await db.$transaction([write, ...alongside, versionWrite(db)]);
    return result as T;
  } finally {
    cache.localWrites += 1;
  }
}
