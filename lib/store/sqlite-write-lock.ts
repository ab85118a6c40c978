import "server-only";
import { resolve } from "node:path";
import type { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";

/**
 * One FIFO async lock per SQLite file. Prisma's better-sqlite3 adapter runs every query on one
 * shared connection and locks transactions only against each other: a plain query issued while
 * an interactive transaction is open runs inside it, and vanishes with its rollback. Every
 * statement on that connection (and every write of the time-series writer's own connection)
 * therefore waits here, and a transaction holds the lock from BEGIN to COMMIT or ROLLBACK.
 */
export type WriteLock = {
  /** Resolves with a release function once every earlier holder has released. */
  acquire: () => Promise<() => void>;
  /** Runs `work` while holding the lock. */
  run: <T>(work: () => T | Promise<T>) => Promise<T>;
};

function createWriteLock(): WriteLock {
  let tail: Promise<void> = Promise.resolve();
  const acquire = async (): Promise<() => void> => {
    let release!: () => void;
    const released = new Promise<void>((done) => (release = done));
    const previous = tail;
    tail = previous.then(() => released);
    await previous;
    let once = false;
    return () => {
      if (once) return;
      once = true;
      release();
    };
  };
  const run = async <T>(work: () => T | Promise<T>): Promise<T> => {
    const release = await acquire();
    try {
      return await work();
    } finally {
      release();
    }
  };
  return { acquire, run };
}

/**
 * Process-global (Symbol.for): Next.js bundles route handlers apart from server.ts, and a
 * module-level map would give each bundle its own lock over the same file.
 */
const LOCKS_KEY = Symbol.for("vigil.sqlite.writeLocks");
type GlobalWithLocks = typeof globalThis & { [LOCKS_KEY]?: Map<string, WriteLock> };
const locks = ((globalThis as GlobalWithLocks)[LOCKS_KEY] ??= new Map<string, WriteLock>());

/** The lock of one SQLite file (`path` as better-sqlite3 takes it: a file path or ":memory:"). */
export function sqliteWriteLock(path: string): WriteLock {
  const key = path === ":memory:" ? path : resolve(path);
  let lock = locks.get(key);
  if (!lock) {
    lock = createWriteLock();
    locks.set(key, lock);
  }
  return lock;
}

type SqlDriverAdapter = Awaited<ReturnType<PrismaBetterSQLite3["connect"]>>;
type SqlTransaction = Awaited<ReturnType<SqlDriverAdapter["startTransaction"]>>;
type SqlQuery = Parameters<SqlDriverAdapter["queryRaw"]>[0];

/**
 * Wraps the adapter so that plain statements wait for `lock`, and a transaction takes it in
 * startTransaction and gives it back only after its COMMIT or ROLLBACK. Statements of the
 * transaction itself run on the transaction object, which does not take the lock again.
 * Consequence: a plain query issued from inside a transaction body waits for that transaction
 * (and Prisma's transaction timeout ends it) instead of silently joining it.
 */
function lockedAdapter(inner: SqlDriverAdapter, lock: WriteLock): SqlDriverAdapter {
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    queryRaw: (query: SqlQuery) => lock.run(() => inner.queryRaw(query)),
    executeRaw: (query: SqlQuery) => lock.run(() => inner.executeRaw(query)),
    executeScript: (script: string) => lock.run(() => inner.executeScript(script)),
    ...(inner.getConnectionInfo ? { getConnectionInfo: () => inner.getConnectionInfo!() } : {}),
    dispose: () => inner.dispose(),
    startTransaction: async (isolationLevel) => {
      const release = await lock.acquire();
      let transaction: SqlTransaction;
      try {
        transaction = await inner.startTransaction(isolationLevel);
      } catch (error) {
        release();
        throw error;
      }
      return lockedTransaction(transaction, release);
    },
  };
}

function lockedTransaction(inner: SqlTransaction, release: () => void): SqlTransaction {
  const finish = async (end: () => Promise<void>) => {
    try {
      await end();
    } finally {
      release();
    }
  };
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    options: inner.options,
    queryRaw: (query: SqlQuery) => inner.queryRaw(query),
    executeRaw: (query: SqlQuery) => inner.executeRaw(query),
    commit: () => finish(() => inner.commit()),
    rollback: () => finish(() => inner.rollback()),
  };
}

export type SqliteAdapterFactory = Pick<PrismaBetterSQLite3, "provider" | "adapterName" | "connect" | "connectToShadowDb">;

/** The adapter factory PrismaClient takes, with every connection's statements serialised on the file's lock. */
export function withSqliteWriteLock(factory: PrismaBetterSQLite3, path: string): SqliteAdapterFactory {
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => lockedAdapter(await factory.connect(), sqliteWriteLock(path)),
    // Migrations' scratch database: nobody else writes to it.
    connectToShadowDb: async () => lockedAdapter(await factory.connectToShadowDb(), createWriteLock()),
  };
}
