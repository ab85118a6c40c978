import "server-only";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient, type Prisma } from "../generated/prisma/client";
import { getConfig } from "../config";
import { withSqliteWriteLock } from "./sqlite-write-lock";
import { databaseKind, postgresConnection, resolveDatabaseUrl, sqlitePath, type DatabaseKind } from "./database-url";

/**
 * The database client every store function takes. Typed as the SQLite client: the PostgreSQL
 * client is generated from the same models (prisma/postgresql/schema.prisma is derived from
 * prisma/schema.prisma and checked for drift), so model delegates, arguments and results are
 * the same; what differs (e.g. `mode: "insensitive"`) goes through helpers such as `textContains`.
 */
export type Db = PrismaClient;
/** The client inside `db.$transaction(async (tx) => …)`. */
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

const SQLITE_BUSY_TIMEOUT_MS = 10_000;

/**
 * Which engine each open client talks to, for the few queries that must differ. Process-global
 * for the same reason as getDb's slot: route handlers are bundled apart from server.ts.
 */
const ENGINES_KEY = Symbol.for("vigil.db.engines");
type GlobalWithEngines = typeof globalThis & { [ENGINES_KEY]?: WeakMap<object, DatabaseKind> };
const engines = ((globalThis as GlobalWithEngines)[ENGINES_KEY] ??= new WeakMap<object, DatabaseKind>());

/** The engine behind a client from openDatabase (SQLite for anything else, e.g. a test's own client). */
export function engineOf(db: Db): DatabaseKind {
  return engines.get(db) ?? "sqlite";
}

/**
 * A substring filter that matches regardless of case on both engines: SQLite's LIKE ignores
 * ASCII case, PostgreSQL's does not unless Prisma is told `mode: "insensitive"` (ILIKE).
 * The SQLite client's types have no `mode`, hence the cast.
 */
export function textContains(db: Db, text: string): Prisma.StringFilter {
  if (engineOf(db) === "sqlite") return { contains: text };
  return { contains: text, mode: "insensitive" } as Prisma.StringFilter;
}

/** Opens a Prisma client over DATABASE_URL: SQLite (`file:`) or PostgreSQL (`postgresql://`). */
export async function openDatabase(rawUrl: string | undefined): Promise<Db> {
  const url = resolveDatabaseUrl(rawUrl);
  const db = databaseKind(url) === "postgresql" ? await openPostgres(url) : await openSqlite(url);
  engines.set(db, databaseKind(url));
  return db;
}

async function openSqlite(url: string): Promise<Db> {
  const path = sqlitePath(url);
  const adapter = withSqliteWriteLock(new PrismaBetterSQLite3({ url: path, timeout: SQLITE_BUSY_TIMEOUT_MS }), path);
  const db = new PrismaClient({ adapter });
  // WAL lets readers (API, pages) run while the ingest batch writes; NORMAL sync is durable
  // across process crashes, which is what an acknowledgement promises.
  await db.$queryRawUnsafe("PRAGMA journal_mode=WAL");
  await db.$executeRawUnsafe("PRAGMA synchronous=NORMAL");
  await db.$executeRawUnsafe(`PRAGMA busy_timeout=${SQLITE_BUSY_TIMEOUT_MS}`);
  return db;
}

async function openPostgres(url: string): Promise<Db> {
  // Loaded only when used, so a SQLite deployment never loads pg or the second client.
  // prisma-adapter-pg is @prisma/adapter-pg 7.x under an npm alias: 6.19's adapter breaks
  // migrations, and the 7.x adapter speaks the same driver-adapter interface to Prisma 6.19's client.
  const [{ PrismaPg }, { PrismaClient: PostgresClient }] = await Promise.all([
    import("prisma-adapter-pg"),
    import("../generated/prisma-pg/client"),
  ]);
  const { connectionString, schema } = postgresConnection(url);
  // The adapter's `schema` qualifies Prisma's own queries; raw SQL in lib/store names tables
  // unqualified, so every pooled connection also searches that schema first.
  const adapter = new PrismaPg({ connectionString, options: `-c search_path="${schema}"` }, { schema });
  const client = new PostgresClient({ adapter });
  await client.$connect();
  // Same models, same generator, other provider: the two clients differ only in provider-specific
  // filter options the store does not use, so the PostgreSQL client stands in for the SQLite type.
  return client as unknown as Db;
}

const GLOBAL_KEY = Symbol.for("vigil.db");
type GlobalWithDb = typeof globalThis & { [GLOBAL_KEY]?: Promise<Db> };

/**
 * One client per process. Next.js bundles route handlers separately from server.ts, so a
 * module-level singleton would be duplicated; the process-global slot is shared by both.
 */
export function getDb(): Promise<Db> {
  const slot = globalThis as GlobalWithDb;
  slot[GLOBAL_KEY] ??= openDatabase(getConfig().databaseUrl);
  return slot[GLOBAL_KEY];
}
