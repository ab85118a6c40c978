import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "../generated/prisma/client";
import { resolveDatabaseUrl, sqlitePath } from "./database-url";

export type Db = PrismaClient;

const SQLITE_BUSY_TIMEOUT_MS = 10_000;

/** Opens a Prisma client over the configured database and tunes SQLite for a write-heavy workload. */
export async function openDatabase(rawUrl: string | undefined): Promise<Db> {
  const url = resolveDatabaseUrl(rawUrl);
  const adapter = new PrismaBetterSQLite3({ url: sqlitePath(url), timeout: SQLITE_BUSY_TIMEOUT_MS });
  const db = new PrismaClient({ adapter });
  // WAL lets readers (API, pages) run while the ingest batch writes; NORMAL sync is durable
  // across process crashes, which is what an acknowledgement promises.
  await db.$queryRawUnsafe("PRAGMA journal_mode=WAL");
  await db.$executeRawUnsafe("PRAGMA synchronous=NORMAL");
  await db.$executeRawUnsafe(`PRAGMA busy_timeout=${SQLITE_BUSY_TIMEOUT_MS}`);
  return db;
}

const GLOBAL_KEY = Symbol.for("vigil.db");
type GlobalWithDb = typeof globalThis & { [GLOBAL_KEY]?: Promise<Db> };

/**
 * One client per process. Next.js bundles route handlers separately from server.ts, so a
 * module-level singleton would be duplicated; the process-global slot is shared by both.
 */
export function getDb(): Promise<Db> {
  const slot = globalThis as GlobalWithDb;
  slot[GLOBAL_KEY] ??= openDatabase(process.env.DATABASE_URL);
  return slot[GLOBAL_KEY];
}
