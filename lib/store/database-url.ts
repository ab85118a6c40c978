import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";

export const DEFAULT_DATABASE_URL = "file:./data/vigil.db";

/** Resolves DATABASE_URL (default: a SQLite file under ./data/) and makes sure a SQLite file's folder exists. */
export function resolveDatabaseUrl(raw: string | undefined): string {
  const url = raw && raw.trim() !== "" ? raw.trim() : DEFAULT_DATABASE_URL;
  if (url.startsWith("file:")) {
    const path = sqlitePath(url);
    if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  }
  return url;
}

export function sqlitePath(url: string): string {
  const path = url.slice("file:".length).split("?")[0];
  return path === ":memory:" ? path : resolve(path);
}
