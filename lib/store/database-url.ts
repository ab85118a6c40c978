import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";

export const DEFAULT_DATABASE_URL = "file:./data/vigil.db";

export type DatabaseKind = "sqlite" | "postgresql";

/** Resolves DATABASE_URL (default: a SQLite file under ./data/) and makes sure a SQLite file's folder exists. */
export function resolveDatabaseUrl(raw: string | undefined): string {
  const url = raw && raw.trim() !== "" ? raw.trim() : DEFAULT_DATABASE_URL;
  if (databaseKind(url) === "sqlite") {
    const path = sqlitePath(url);
    if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  }
  return url;
}

/**
 * Which engine a DATABASE_URL selects: `postgres://` or `postgresql://` is PostgreSQL, `file:` is
 * SQLite. Anything else is refused here rather than misread as a SQLite path.
 */
export function databaseKind(url: string): DatabaseKind {
  if (/^postgres(ql)?:\/\//i.test(url)) return "postgresql";
  if (url.startsWith("file:")) return "sqlite";
  throw new Error(`unsupported DATABASE_URL "${redactUrl(url)}": use file:<path> (SQLite) or postgresql://... (PostgreSQL)`);
}

export function sqlitePath(url: string): string {
  const path = url.slice("file:".length).split("?")[0];
  return path === ":memory:" ? path : resolve(path);
}

/** A PostgreSQL schema name Vigil accepts in `?schema=`: plain identifiers only, so it can be quoted safely. */
const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

export type PostgresConnection = {
  /** The URL without Prisma's `schema` parameter, which `pg` does not know. */
  connectionString: string;
  /** The schema from `?schema=` (Prisma's convention), or "public". */
  schema: string;
};

/**
 * Splits a PostgreSQL DATABASE_URL into what `pg` connects with and the schema Vigil's tables
 * live in. Prisma's generated queries are qualified with the schema (via the adapter's option);
 * raw SQL is not, so connections also get a matching search_path (see openDatabase).
 */
export function postgresConnection(url: string): PostgresConnection {
  const parsed = new URL(url);
  const schema = parsed.searchParams.get("schema") ?? "public";
  if (!SCHEMA_NAME.test(schema)) throw new Error(`invalid schema name in DATABASE_URL: "${schema}"`);
  parsed.searchParams.delete("schema");
  return { connectionString: parsed.toString(), schema };
}

/** The URL with any password masked, for error messages and logs. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:/@]*):[^@/]*@/, "//$1:***@");
}
