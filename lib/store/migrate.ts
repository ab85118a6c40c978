import "server-only";
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { redactUrl, resolveDatabaseUrl } from "./database-url";

const run = promisify(execFile);
const PRISMA_CLI = fileURLToPath(new URL("../../node_modules/prisma/build/index.js", import.meta.url));
export const PROJECT_ROOT = fileURLToPath(new URL("../..", import.meta.url));

export type PrismaCliResult = { stdout: string; stderr: string; exitCode: number };

/**
 * Runs Prisma's CLI (JavaScript engine: no binary download) against `databaseUrl`.
 * prisma.config.ts picks the schema, migrations folder and driver adapter from DATABASE_URL,
 * so the same call serves SQLite and PostgreSQL. Exit codes in `okExitCodes` are results, not
 * failures (`migrate diff --exit-code` answers 2 for "not empty").
 */
export async function runPrisma(args: string[], databaseUrl: string, okExitCodes: number[] = [0]): Promise<PrismaCliResult> {
  // The child inherits the environment as a whole (PATH, HOME, proxies); only its database is Vigil's say.
  const env = { ...process.env, DATABASE_URL: resolveDatabaseUrl(databaseUrl), PRISMA_HIDE_UPDATE_MESSAGE: "1" };
  try {
    const { stdout, stderr } = await run(process.execPath, [PRISMA_CLI, ...args], { cwd: PROJECT_ROOT, env, maxBuffer: 64 * 1024 * 1024 });
    return { stdout, stderr, exitCode: 0 };
  } catch (error) {
    const failed = error as { code?: unknown; stdout?: unknown; stderr?: unknown };
    const exitCode = typeof failed.code === "number" ? failed.code : -1;
    const result = { stdout: String(failed.stdout ?? ""), stderr: String(failed.stderr ?? error), exitCode };
    if (okExitCodes.includes(exitCode)) return result;
    throw new Error(`prisma ${args.join(" ")} failed (exit ${exitCode}) on ${redactUrl(databaseUrl)}: ${result.stderr.trim()}`);
  }
}

/** Applies committed migrations of the engine DATABASE_URL selects (prisma/migrations or prisma/postgresql/migrations). */
export async function applyMigrations(databaseUrl: string): Promise<void> {
  try {
    await runPrisma(["migrate", "deploy"], databaseUrl);
  } catch (error) {
    throw new Error(`database migration failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
