import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { resolveDatabaseUrl } from "./database-url";

const run = promisify(execFile);
const PRISMA_CLI = fileURLToPath(new URL("../../node_modules/prisma/build/index.js", import.meta.url));
const PROJECT_ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** Applies committed migrations with Prisma's own CLI (JavaScript engine: no binary download). */
export async function applyMigrations(databaseUrl: string): Promise<void> {
  const env = { ...process.env, DATABASE_URL: resolveDatabaseUrl(databaseUrl), PRISMA_HIDE_UPDATE_MESSAGE: "1" };
  try {
    await run(process.execPath, [PRISMA_CLI, "migrate", "deploy"], { cwd: PROJECT_ROOT, env });
  } catch (error) {
    const detail = error instanceof Error && "stderr" in error ? String((error as { stderr: unknown }).stderr) : String(error);
    throw new Error(`database migration failed: ${detail.trim()}`);
  }
}
