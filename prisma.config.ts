import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "prisma-adapter-pg";
import { DEFAULT_DATABASE_URL, databaseKind, postgresConnection, resolveDatabaseUrl } from "./lib/store/database-url";

// The schema reads env("DATABASE_URL"); without it Prisma cannot read the schema and falls back
// to downloading a native engine, which fails offline.
process.env.DATABASE_URL ||= DEFAULT_DATABASE_URL;
const databaseUrl = resolveDatabaseUrl(process.env.DATABASE_URL);

// A Prisma schema's provider is fixed, so each engine has its own schema and migrations;
// prisma/postgresql/ is generated from prisma/schema.prisma (npm run db:generate-postgres).
const postgres = databaseKind(databaseUrl) === "postgresql";

// The JavaScript engine keeps Prisma fully offline: no native engine binary is downloaded,
// so Vigil installs in air-gapped data centres.
export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: postgres ? "prisma/postgresql/schema.prisma" : "prisma/schema.prisma",
  migrations: { path: postgres ? "prisma/postgresql/migrations" : "prisma/migrations" },
  adapter: async () => {
    if (!postgres) return new PrismaBetterSQLite3({ url: databaseUrl });
    // @prisma/adapter-pg 7.x (npm alias): 6.19's adapter cannot read the catalogue type `name`
    // that migrations query (prisma/orm#27403).
    const { connectionString, schema } = postgresConnection(databaseUrl);
    return new PrismaPg({ connectionString, options: `-c search_path="${schema}"` }, { schema });
  },
});
