import { spawnSync } from "node:child_process";
import pg from "pg";

/** On CI every service the suite drives must be there: a skipped test would let the run pass without testing. */
export const ON_CI = Boolean(process.env.CI) && process.env.CI !== "false" && process.env.CI !== "0";

/**
 * The `skip` option for tests that need something this machine may lack: `false` when it is
 * there, the reason otherwise; with CI=true a missing service throws, failing the file loudly.
 */
export function skipUnlessPresent(missing: string | false): string | false {
  if (!missing) return false;
  if (ON_CI) throw new Error(`${missing}: with CI=true this fails instead of skipping (.ci/run installs the Debian packages; PostgreSQL and Redis must be running)`);
  return missing;
}

/** `false` when `command args` runs, else (off CI) the reason to skip. */
export function requireTool(command: string, args: string[], what: string): string | false {
  const ran = spawnSync(command, args, { stdio: "ignore", timeout: 10_000 });
  return skipUnlessPresent(ran.status === 0 ? false : `${what} not found (${command})`);
}

/** `false` when a PostgreSQL answers at `url`, else (off CI) the reason to skip. */
export async function requirePostgres(url: string): Promise<string | false> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.end();
    return false;
  } catch (error) {
    return skipUnlessPresent(`no PostgreSQL at ${url}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
