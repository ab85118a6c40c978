/**
 * `npm run db:generate-postgres`: derives the PostgreSQL schema and migrations from the one
 * schema source, prisma/schema.prisma (SQLite). A Prisma schema's provider is fixed, so each
 * engine needs its own schema file and migrations folder; this keeps them from drifting apart
 * (lib/store/schema-drift.test.ts fails when someone forgets to run it).
 *
 * - First run: prisma/postgresql/schema.prisma plus migrations/<timestamp>_init (from empty).
 * - Later runs after a schema change: the committed PostgreSQL schema is the state its
 *   migrations produce (the drift test checks that), so the new migration is the diff from it.
 * - `--check`: exits 1 without writing when prisma/postgresql/ is out of date.
 * - `--name <name>`: the new migration's name (default: the newest SQLite migration's name).
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { PROJECT_ROOT, runPrisma } from "../lib/store/migrate";

export const SQLITE_SCHEMA = join(PROJECT_ROOT, "prisma/schema.prisma");
export const SQLITE_MIGRATIONS = join(PROJECT_ROOT, "prisma/migrations");
export const POSTGRES_SCHEMA = join(PROJECT_ROOT, "prisma/postgresql/schema.prisma");
export const POSTGRES_MIGRATIONS = join(PROJECT_ROOT, "prisma/postgresql/migrations");

const DEFAULT_GENERATOR_URL = "postgresql://postgres@127.0.0.1:5432/postgres";

const HEADER = [
  "// GENERATED from prisma/schema.prisma by scripts/generate-postgres-schema.ts: do not edit.",
  "// Change prisma/schema.prisma, then run `npm run db:generate-postgres`.",
  "",
].join("\n");

const SQLITE_GENERATOR_OUTPUT = /^(\s*output\s*=\s*)"\.\.\/lib\/generated\/prisma"\s*$/m;
const SQLITE_PROVIDER = /^(\s*provider\s*=\s*)"sqlite"\s*$/m;

/** Native type attributes and SQLite-only constructs have no portable meaning: refuse them instead of guessing. */
const NON_PORTABLE = [/@db\.\w+/, /\bUnsupported\(/, /\bpreviewFeatures\b/];

/**
 * The PostgreSQL schema for a SQLite schema: same models, postgresql provider, its own client
 * output. Scalar types map by Prisma's defaults (BigInt→bigint, Int→integer, Float→double
 * precision, Boolean→boolean, DateTime→timestamp(3), String→text), which is what the raw SQL
 * in lib/store expects. Pure, so the drift test calls it directly.
 */
export function derivePostgresSchema(sqliteSchema: string): string {
  for (const pattern of NON_PORTABLE) {
    const match = pattern.exec(sqliteSchema);
    if (match) throw new Error(`prisma/schema.prisma uses "${match[0]}", which the PostgreSQL schema generator cannot carry over`);
  }
  if (!SQLITE_GENERATOR_OUTPUT.test(sqliteSchema)) throw new Error('prisma/schema.prisma: expected the client generator\'s output = "../lib/generated/prisma"');
  if (!SQLITE_PROVIDER.test(sqliteSchema)) throw new Error('prisma/schema.prisma: expected the datasource provider = "sqlite"');
  const body = sqliteSchema
    .replace(SQLITE_GENERATOR_OUTPUT, '$1"../../lib/generated/prisma-pg"')
    .replace(SQLITE_PROVIDER, '$1"postgresql"');
  return HEADER + body;
}

/**
 * Prisma's PostgreSQL script starts with `CREATE SCHEMA IF NOT EXISTS "public"`. Migrations must
 * not name a schema: they run in the one DATABASE_URL's `?schema=` selects (created by
 * `migrate deploy`), which lets tests and several deployments share one database.
 */
export function postgresMigrationSql(script: string): string {
  return script.replace(/^-- CreateSchema\nCREATE SCHEMA IF NOT EXISTS "public";\n\n?/m, "");
}

/** `migrate diff` between two datamodels (or from empty) as a SQL script; "" when there is nothing to do. */
export async function postgresDiffScript(from: string | null, to: string): Promise<string> {
  // The CLI reads prisma.config.ts, which picks the PostgreSQL adapter from DATABASE_URL. Even a
  // diff of two datamodels opens a connection through it (nothing is read or written), so this
  // needs a reachable PostgreSQL: DATABASE_URL if it is one, else the local server's default database.
  const url = process.env.DATABASE_URL?.startsWith("postgres") ? process.env.DATABASE_URL : DEFAULT_GENERATOR_URL;
  const fromArgs = from === null ? ["--from-empty"] : ["--from-schema-datamodel", from];
  const result = await runPrisma(["migrate", "diff", ...fromArgs, "--to-schema-datamodel", to, "--script", "--exit-code"], url, [0, 2]);
  return result.exitCode === 2 ? postgresMigrationSql(result.stdout) : "";
}

export function migrationFolders(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && /^\d{14}_/.test(entry.name))
    .map((entry) => entry.name)
    .sort();
}

function timestamp(date: Date): string {
  return date.toISOString().replace(/[-:T]/g, "").slice(0, 14);
}

/** A folder name that sorts after every existing migration, even if the clock says otherwise. */
export function nextMigrationFolder(existing: string[], name: string, now: Date): string {
  let stamp = timestamp(now);
  const last = existing.at(-1)?.slice(0, 14);
  if (last && stamp <= last) stamp = String(BigInt(last) + 1n);
  return `${stamp}_${name}`;
}

function defaultMigrationName(): string {
  const newest = migrationFolders(SQLITE_MIGRATIONS).at(-1);
  return newest ? newest.slice(15) : "schema";
}

export type GenerateResult = { schemaChanged: boolean; migration: string | null };

export async function generatePostgresSchema(options: { name?: string; now?: Date } = {}): Promise<GenerateResult> {
  const derived = derivePostgresSchema(readFileSync(SQLITE_SCHEMA, "utf8"));
  const previous = existsSync(POSTGRES_SCHEMA) ? readFileSync(POSTGRES_SCHEMA, "utf8") : null;
  const folders = migrationFolders(POSTGRES_MIGRATIONS);
  if (previous === derived && folders.length > 0) return { schemaChanged: false, migration: null };

  const scratch = mkdtempSync(join(tmpdir(), "vigil-pg-schema-"));
  try {
    const previousPath = join(scratch, "previous.prisma");
    const firstMigration = folders.length === 0 || previous === null;
    if (!firstMigration) writeFileSync(previousPath, previous);
    mkdirSync(POSTGRES_MIGRATIONS, { recursive: true });
    writeFileSync(POSTGRES_SCHEMA, derived);
    const script = await postgresDiffScript(firstMigration ? null : previousPath, POSTGRES_SCHEMA);
    writeFileSync(join(POSTGRES_MIGRATIONS, "migration_lock.toml"), lockFile());
    if (script === "") return { schemaChanged: true, migration: null };
    const folder = nextMigrationFolder(folders, firstMigration ? "init" : (options.name ?? defaultMigrationName()), options.now ?? new Date());
    mkdirSync(join(POSTGRES_MIGRATIONS, folder));
    writeFileSync(join(POSTGRES_MIGRATIONS, folder, "migration.sql"), script);
    return { schemaChanged: true, migration: folder };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

export function lockFile(): string {
  return [
    "# Please do not edit this file manually",
    "# It should be added in your version-control system (e.g., Git)",
    'provider = "postgresql"',
    "",
  ].join("\n");
}

/** True when prisma/postgresql/ matches prisma/schema.prisma (the migrations themselves are checked by the drift test). */
export function postgresSchemaUpToDate(): boolean {
  const derived = derivePostgresSchema(readFileSync(SQLITE_SCHEMA, "utf8"));
  const current = existsSync(POSTGRES_SCHEMA) ? readFileSync(POSTGRES_SCHEMA, "utf8") : null;
  return current === derived && migrationFolders(POSTGRES_MIGRATIONS).length > 0;
}

async function main(argv: string[]): Promise<number> {
  if (argv.includes("--check")) {
    if (postgresSchemaUpToDate()) return 0;
    console.error("prisma/postgresql/ is out of date with prisma/schema.prisma: run `npm run db:generate-postgres`");
    return 1;
  }
  const nameAt = argv.indexOf("--name");
  const name = nameAt >= 0 ? argv[nameAt + 1] : undefined;
  if (name !== undefined && !/^[a-z0-9_]+$/.test(name)) {
    console.error("--name takes lower-case letters, digits and underscores");
    return 1;
  }
  const result = await generatePostgresSchema({ name });
  if (!result.schemaChanged) console.log("prisma/postgresql/ is up to date");
  else if (result.migration) console.log(`wrote prisma/postgresql/schema.prisma and migrations/${result.migration}`);
  else console.log("wrote prisma/postgresql/schema.prisma (no database change)");
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
