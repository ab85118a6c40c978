/**
 * One schema source, two engines: fails when prisma/postgresql/ was not regenerated after a
 * change to prisma/schema.prisma (`npm run db:generate-postgres`), or when either engine's
 * migrations do not build the database its schema describes.
 *
 * Prisma 6.19's JavaScript schema engine cannot introspect through a driver adapter here
 * (`migrate diff --from-url`/`--from-schema-datasource` are refused with an adapter, and
 * `--from-migrations` fails describing the database), so each check builds two databases,
 * one by `migrate deploy` and one from the schema's own from-empty script, and compares their
 * catalogues: columns, types, nullability, defaults, indexes and constraints.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import Database from "better-sqlite3";
import pg from "pg";
import { skipUnlessPresent } from "../../tests/support/requirements";
import { TEST_POSTGRES_URL, throwawayPostgresSchema } from "../../tests/support/vigil-server";
import {
  POSTGRES_MIGRATIONS,
  POSTGRES_SCHEMA,
  SQLITE_SCHEMA,
  derivePostgresSchema,
  lockFile,
  migrationFolders,
  postgresDiffScript,
} from "../../scripts/generate-postgres-schema";
import { postgresConnection } from "./database-url";
import { runPrisma } from "./migrate";

test("prisma/postgresql/schema.prisma is what the generator derives from prisma/schema.prisma", () => {
  const derived = derivePostgresSchema(readFileSync(SQLITE_SCHEMA, "utf8"));
  assert.equal(readFileSync(POSTGRES_SCHEMA, "utf8"), derived, "out of date: run `npm run db:generate-postgres`");
  assert.ok(migrationFolders(POSTGRES_MIGRATIONS).length > 0, "no PostgreSQL migrations: run `npm run db:generate-postgres`");
  assert.equal(readFileSync(join(POSTGRES_MIGRATIONS, "migration_lock.toml"), "utf8"), lockFile());
});

test("the generator refuses what it cannot carry over, and keeps the models", () => {
  const source = readFileSync(SQLITE_SCHEMA, "utf8");
  const derived = derivePostgresSchema(source);
  assert.match(derived, /provider\s*=\s*"postgresql"/);
  assert.match(derived, /output\s*=\s*"\.\.\/\.\.\/lib\/generated\/prisma-pg"/);
  assert.match(derived, /url\s*=\s*env\("DATABASE_URL"\)/);
  assert.equal(derived.match(/^model /gm)?.length, source.match(/^model /gm)?.length);
  assert.throws(() => derivePostgresSchema(source.replace("String  @id", "String  @id @db.Text")), /@db\.Text/);
});

type Catalogue = Record<string, unknown[]>;

function sqliteCatalogue(file: string): Catalogue {
  const db = new Database(file, { readonly: true });
  try {
    const tables = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('_prisma_migrations', 'sqlite_sequence') ORDER BY name`).all() as { name: string }[]).map((t) => t.name);
    const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;
    return {
      tables,
      columns: tables.flatMap((table) =>
        (db.pragma(`table_info(${quoted(table)})`) as { name: string; type: string; notnull: number; dflt_value: string | null; pk: number }[])
          .map((c) => `${table}.${c.name} ${c.type} notnull=${c.notnull} default=${c.dflt_value} pk=${c.pk}`)
          .sort(),
      ),
      indexes: tables.flatMap((table) =>
        (db.pragma(`index_list(${quoted(table)})`) as { name: string; unique: number }[])
          .map((index) => {
            const columns = (db.pragma(`index_info(${quoted(index.name)})`) as { name: string }[]).map((c) => c.name).join(",");
            return `${table}: ${index.name} unique=${index.unique} (${columns})`;
          })
          .sort(),
      ),
      foreignKeys: tables.flatMap((table) =>
        (db.pragma(`foreign_key_list(${quoted(table)})`) as { table: string; from: string; to: string; on_update: string; on_delete: string }[])
          .map((fk) => `${table}.${fk.from} -> ${fk.table}.${fk.to} update=${fk.on_update} delete=${fk.on_delete}`)
          .sort(),
      ),
    };
  } finally {
    db.close();
  }
}

test("SQLite: prisma/migrations build the database prisma/schema.prisma describes", async () => {
  const dir = mkdtempSync(join(tmpdir(), "vigil-drift-"));
  try {
    const migrated = join(dir, "migrated.db");
    const declared = join(dir, "declared.db");
    const [, script] = await Promise.all([
      runPrisma(["migrate", "deploy"], `file:${migrated}`),
      runPrisma(["migrate", "diff", "--from-empty", "--to-schema-datamodel", SQLITE_SCHEMA, "--script"], `file:${declared}`),
    ]);
    const fresh = new Database(declared);
    fresh.exec(script.stdout);
    fresh.close();
    const expected = sqliteCatalogue(declared);
    assert.ok(expected.columns.length > 100, "the schema's own script built the tables");
    assert.deepEqual(sqliteCatalogue(migrated), expected, "prisma/migrations lag prisma/schema.prisma: add a migration (see README)");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

async function postgresUnreachable(): Promise<string | false> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.end();
    return false;
  } catch (error) {
    return skipUnlessPresent(`no PostgreSQL at ${TEST_POSTGRES_URL}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function postgresCatalogue(client: pg.Client, schema: string): Promise<Catalogue> {
  // Defaults and index definitions name the schema (nextval('"s"."X_id_seq"')): compare without it.
  const strip = (text: string | null) => (text ?? "").replaceAll(`"${schema}".`, "").replaceAll(`${schema}.`, "");
  const columns = await client.query<{ table_name: string; column_name: string; data_type: string; is_nullable: string; column_default: string | null }>(
    `SELECT table_name, column_name, data_type, is_nullable, column_default FROM information_schema.columns
     WHERE table_schema = $1 AND table_name <> '_prisma_migrations' ORDER BY table_name, column_name`,
    [schema],
  );
  const indexes = await client.query<{ tablename: string; indexname: string; indexdef: string }>(
    `SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = $1 AND tablename <> '_prisma_migrations' ORDER BY tablename, indexname`,
    [schema],
  );
  const constraints = await client.query<{ relname: string; conname: string; def: string }>(
    `SELECT c.relname, k.conname, pg_get_constraintdef(k.oid) AS def FROM pg_constraint k
     JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = $1 AND c.relname <> '_prisma_migrations' ORDER BY c.relname, k.conname`,
    [schema],
  );
  return {
    columns: columns.rows.map((c) => `${c.table_name}.${c.column_name} ${c.data_type} nullable=${c.is_nullable} default=${strip(c.column_default)}`),
    indexes: indexes.rows.map((i) => `${i.tablename}: ${strip(i.indexdef)}`),
    constraints: constraints.rows.map((k) => `${k.relname}: ${k.conname} ${strip(k.def)}`),
  };
}

describe("PostgreSQL", { skip: await postgresUnreachable() }, () => {
  test("prisma/postgresql/migrations build the database prisma/postgresql/schema.prisma describes", async () => {
    const migrated = throwawayPostgresSchema("drift");
    const declared = throwawayPostgresSchema("drift");
    const client = new pg.Client({ connectionString: postgresConnection(declared.url).connectionString });
    await client.connect();
    try {
      const [, script] = await Promise.all([runPrisma(["migrate", "deploy"], migrated.url), postgresDiffScript(null, POSTGRES_SCHEMA)]);
      await client.query(`CREATE SCHEMA "${declared.schema}"`);
      await client.query(`SET search_path TO "${declared.schema}"`);
      await client.query(script);
      const expected = await postgresCatalogue(client, declared.schema);
      assert.ok(expected.columns.length > 100, "the schema's own script built the tables");
      assert.deepEqual(
        await postgresCatalogue(client, migrated.schema),
        expected,
        "prisma/postgresql/migrations lag prisma/postgresql/schema.prisma: run `npm run db:generate-postgres`",
      );
    } finally {
      await client.end();
      migrated.drop();
      declared.drop();
    }
  });
});
