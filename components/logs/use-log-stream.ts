"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import type { LogLevel } from "@/lib/protocol/common";
import type { LogPage, LogView, LogWindow } from "@/lib/protocol/api/logs";
import { useLiveEvent, useLiveSubscription, useReconnectCount } from "@/components/live/use-live";
import { apiFetch, buildQuery, errorMessage, isAbort } from "@/components/live/api-client";
import { matchesLogScope, mergeLogEntries } from "@/components/logs/log-entries";

export type LogQuery = { nodeId?: string; level?: LogLevel; q?: string; from?: number; to?: number };

type LogStreamOptions = {
  /** Append pushed lines (only meaningful without an upper time bound). */
  live: boolean;
  pageSize?: number;
  /** Lines kept in memory; older ones are dropped and can be paged in again. */
  maxEntries?: number;
};

/**
 * A newest-first list of log lines: one page from REST, older pages on demand, and new lines
 * pushed live. While the reader has scrolled away from the newest line, pushed lines wait
 * in `pendingCount` instead of shifting the text they are reading.
 */
export function useLogStream(query: LogQuery, { live, pageSize = 200, maxEntries = 5_000 }: LogStreamOptions) {
  const [entries, setEntries] = useState<LogView[]>([]);
  const [pending, setPending] = useState<LogView[]>([]);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  /** The time range the server searched (its default is the last hour): shown, and kept for older pages. */
  const [searchWindow, setSearchWindow] = useState<LogWindow | null>(null);
  const [trimmed, setTrimmed] = useState(false);
  const [loading, setLoading] = useState(true);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [reloadToken, setReloadToken] = useState(0);
  const holdingRef = useRef(false);
  const reconnects = Math.max(0, useReconnectCount() - 1);
  const queryKey = JSON.stringify(query);

  useEffect(() => {
    const parsed = JSON.parse(queryKey) as LogQuery;
    const controller = new AbortController();
    setLoading(true);
    setError(null);
    apiFetch<LogPage>(`/api/v1/logs${buildQuery({ ...parsed, limit: pageSize })}`, { signal: controller.signal })
      .then((page) => {
        setSearchWindow(page.window);
        setEntries(mergeLogEntries([], page.items, maxEntries));
        setPending([]);
        setNextCursor(page.nextCursor);
        setTrimmed(false);
      })
      .catch((cause: unknown) => {
        if (isAbort(cause)) return;
        setSearchWindow(null);
        setError(errorMessage(cause));
      })
      .finally(() => {
        if (!controller.signal.aborted) setLoading(false);
      });
    return () => controller.abort();
  }, [queryKey, pageSize, maxEntries, reloadToken, reconnects]);

  const liveActive = live && query.to === undefined;
  useLiveSubscription(liveActive ? { logs: { nodeId: query.nodeId, level: query.level, q: query.q || undefined } } : null);

  useLiveEvent("logs:tail", ({ entries: pushed }) => {
    if (!liveActive || loading) return;
    const scoped = pushed.filter((entry) => matchesLogScope(entry, query));
    if (scoped.length === 0) return;
    if (holdingRef.current) {
      setPending((waiting) => mergeLogEntries(waiting, scoped, maxEntries));
      return;
    }
    setEntries((current) => {
      const merged = mergeLogEntries(current, scoped, maxEntries);
      if (merged.length < current.length + scoped.length && merged.length === maxEntries) setTrimmed(true);
      return merged;
    });
  });

  /** The list reports whether the reader is away from the newest line. */
  const setHolding = useCallback((holding: boolean) => {
    holdingRef.current = holding;
  }, []);

  const showPending = useCallback(() => {
    holdingRef.current = false;
    setEntries((current) => mergeLogEntries(current, pending, maxEntries));
    setPending([]);
  }, [pending, maxEntries]);

  const oldest = entries.at(-1);
  const hasOlder = nextCursor !== null || (trimmed && oldest !== undefined);

  const loadOlder = useCallback(async () => {
    if (!hasOlder || loadingOlder) return;
    const parsed = JSON.parse(queryKey) as LogQuery;
    // Older pages stay within the first page's window (without it, `from` would default to the hour before the new `to`).
    const within = searchWindow ? { ...parsed, from: searchWindow.from, to: searchWindow.to } : parsed;
    // After live lines pushed older ones out, the cursor no longer points at our end: page by time instead.
    const params = nextCursor && !trimmed ? { ...within, cursor: nextCursor } : { ...within, to: oldest?.ts };
    setLoadingOlder(true);
    try {
      const page = await apiFetch<LogPage>(`/api/v1/logs${buildQuery({ ...params, limit: pageSize })}`);
      // Paged-in history is what the reader asked for, so it is not subject to the live cap.
      setEntries((current) => mergeLogEntries(current, page.items, Number.MAX_SAFE_INTEGER));
      setNextCursor(page.nextCursor);
      setTrimmed(false);
    } catch (cause) {
      setError(errorMessage(cause));
    } finally {
      setLoadingOlder(false);
    }
  }, [hasOlder, loadingOlder, queryKey, searchWindow, nextCursor, trimmed, oldest, pageSize]);

  const reload = useCallback(() => setReloadToken((token) => token + 1), []);

  return { entries, searchWindow, loading, error, reload, hasOlder, loadOlder, loadingOlder, pendingCount: pending.length, showPending, setHolding, liveActive };
}
