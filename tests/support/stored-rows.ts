import Database from "better-sqlite3";
import pg from "pg";
import { databaseKind, postgresConnection, sqlitePath } from "../../lib/store/database-url";

/**
 * Reads a test server's database through a connection of its own, on either engine: a read-only
 * SQLite handle (WAL allows it) or a pg client in the server's schema. `?` placeholders (numbered
 * for pg); bigint counts and columns come back as numbers.
 */
export async function readStored<Row extends Record<string, unknown>>(databaseUrl: string, sql: string, params: unknown[] = []): Promise<Row[]> {
  if (databaseKind(databaseUrl) === "sqlite") {
    const db = new Database(sqlitePath(databaseUrl), { readonly: true, fileMustExist: true });
    try {
      return (db.prepare(sql).all(...params) as Record<string, unknown>[]).map(numbersForBigints) as Row[];
    } finally {
      db.close();
    }
  }
  const { connectionString, schema } = postgresConnection(databaseUrl);
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query(`SET search_path TO "${schema}"`);
    let n = 0;
    const result = await client.query(sql.replace(/\?/g, () => `$${++n}`), params);
    // pg returns bigint (COUNT, epoch-ms columns) as strings.
    return result.rows.map((row: Record<string, unknown>) =>
      Object.fromEntries(Object.entries(row).map(([key, value]) => [key, typeof value === "string" && /^-?\d+$/.test(value) ? Number(value) : value])),
    ) as Row[];
  } finally {
    await client.end();
  }
}

/** Changes a test server's rows behind its back (ages a session, …): `?` placeholders on both engines. Returns the rows changed. */
export async function writeStored(databaseUrl: string, sql: string, params: unknown[] = []): Promise<number> {
  if (databaseKind(databaseUrl) === "sqlite") {
    const db = new Database(sqlitePath(databaseUrl), { fileMustExist: true, timeout: 10_000 });
    try {
      return db.prepare(sql).run(...params).changes;
    } finally {
      db.close();
    }
  }
  const { connectionString, schema } = postgresConnection(databaseUrl);
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query(`SET search_path TO "${schema}"`);
    let n = 0;
    const result = await client.query(sql.replace(/\?/g, () => `$${++n}`), params);
    return result.rowCount ?? 0;
  } finally {
    await client.end();
  }
}

function numbersForBigints(row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).map(([key, value]) => [key, typeof value === "bigint" ? Number(value) : value]));
}
