import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { DEFAULT_DATABASE_URL, resolveDatabaseUrl } from "./lib/store/database-url";

// The schema reads env("DATABASE_URL"); without it Prisma cannot read the schema and falls back
// to downloading a native engine, which fails offline.
process.env.DATABASE_URL ||= DEFAULT_DATABASE_URL;

// The JavaScript engine keeps Prisma fully offline: no native engine binary is downloaded,
// so Vigil installs in air-gapped data centres.
export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  adapter: async () => new PrismaBetterSQLite3({ url: resolveDatabaseUrl(process.env.DATABASE_URL) }),
});
