import type { LogLevel } from "@/lib/protocol/common";

/** Ascending severity; mirrors LOG_LEVELS in the protocol without pulling zod into the browser bundle. */
export const LOG_LEVELS_ASCENDING: readonly LogLevel[] = ["trace", "debug", "info", "warn", "error", "fatal"];

const LEVEL_RANK: Record<LogLevel, number> = { trace: 0, debug: 1, info: 2, warn: 3, error: 4, fatal: 5 };

export const LOG_LEVEL_TEXT: Record<LogLevel, string> = {
  trace: "text-zinc-400",
  debug: "text-zinc-400",
  info: "text-sky-300",
  warn: "text-amber-300",
  error: "text-red-400",
  fatal: "text-red-200 bg-red-600/40",
};

export function isLogLevel(value: string): value is LogLevel {
  return value in LEVEL_RANK;
}

export function isAtLeastLevel(level: LogLevel, minimum: LogLevel | undefined): boolean {
  if (!minimum) return true;
  return LEVEL_RANK[level] >= LEVEL_RANK[minimum];
}
