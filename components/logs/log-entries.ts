import type { LogLevel } from "@/lib/protocol/common";
import type { LogView } from "@/lib/protocol/views";
import { isAtLeastLevel } from "./log-levels";

export function logKey(entry: LogView): string {
  return `${entry.nodeId}:${entry.seq}`;
}

function newestFirst(a: LogView, b: LogView): number {
  return b.ts - a.ts || (a.nodeId === b.nodeId ? b.seq - a.seq : a.nodeId < b.nodeId ? -1 : 1);
}

/**
 * Merges log lines into a newest-first list without duplicates (a reconnect or an
 * overlapping page can deliver a line twice) and keeps at most `limit` of the newest.
 */
export function mergeLogEntries(current: readonly LogView[], incoming: readonly LogView[], limit: number): LogView[] {
  if (incoming.length === 0) return current as LogView[];
  const seen = new Set(current.map(logKey));
  const fresh = incoming.filter((entry) => {
    const key = logKey(entry);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  if (fresh.length === 0) return current as LogView[];
  const merged = [...fresh, ...current].sort(newestFirst);
  return merged.length > limit ? merged.slice(0, limit) : merged;
}

/**
 * Client-side guard for pushed lines. The server filters by the subscription, but one socket
 * carries one log filter, so a line may arrive for a filter this list no longer shows.
 * Text search is left to the server, whose matching rules (message, fields) are its own.
 */
export function matchesLogScope(entry: LogView, scope: { nodeId?: string; level?: LogLevel; from?: number }): boolean {
  if (scope.nodeId && entry.nodeId !== scope.nodeId) return false;
  if (!isAtLeastLevel(entry.level, scope.level)) return false;
  if (scope.from !== undefined && entry.ts < scope.from) return false;
  return true;
}

export function formatLogFields(fields: LogView["fields"]): string {
  if (!fields) return "";
  return Object.entries(fields)
    .map(([key, value]) => `${key}=${typeof value === "string" && /\s/.test(value) ? JSON.stringify(value) : String(value)}`)
    .join(" ");
}
