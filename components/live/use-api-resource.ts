"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import type { Dispatch, SetStateAction } from "react";
import { ApiError, apiFetch, errorMessage, isAbort } from "@/components/live/api-client";
import { useReconnectCount } from "./use-live";

export type ApiResource<T> = {
  data: T | null;
  /** The last load failed; `data` may still hold the previous, older answer. */
  error: string | null;
  /** HTTP status of the failed load (404 means "no such thing", not "try again"). */
  errorStatus: number | null;
  loading: boolean;
  reload: () => void;
  /** Live events merge into the loaded answer through this. */
  setData: Dispatch<SetStateAction<T | null>>;
};

type ApiResourceOptions = {
  /** Reload on a timer, for data no live event carries (e.g. per-minute fleet load). */
  refreshMs?: number;
  /** Keep the previous answer on screen while a new path loads (e.g. another range). */
  keepPreviousData?: boolean;
};

/**
 * Loads `path` once, then again whenever the live socket reconnects (to cover what was
 * missed while disconnected), on `reload()`, and on the optional timer. A null path loads nothing.
 */
export function useApiResource<T>(path: string | null, options: ApiResourceOptions = {}): ApiResource<T> {
  const { refreshMs, keepPreviousData = false } = options;
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [errorStatus, setErrorStatus] = useState<number | null>(null);
  const [loading, setLoading] = useState(path !== null);
  const [reloadToken, setReloadToken] = useState(0);
  const reconnects = Math.max(0, useReconnectCount() - 1);
  const loadedPathRef = useRef<string | null>(null);

  useEffect(() => {
    if (path === null) return;
    const controller = new AbortController();
    const pathChanged = loadedPathRef.current !== path;
    if (pathChanged) {
      setError(null);
      setErrorStatus(null);
      if (!keepPreviousData) setData(null);
    }
    setLoading(true);
    apiFetch<T>(path, { signal: controller.signal })
      .then((answer) => {
        loadedPathRef.current = path;
        setData(answer);
        setError(null);
        setErrorStatus(null);
      })
      .catch((cause: unknown) => {
        if (isAbort(cause)) return;
        setError(errorMessage(cause));
        setErrorStatus(cause instanceof ApiError ? cause.status : null);
      })
      .finally(() => {
        if (!controller.signal.aborted) setLoading(false);
      });
    return () => controller.abort();
  }, [path, reloadToken, reconnects, keepPreviousData]);

  useEffect(() => {
    if (!refreshMs || path === null) return;
    const timer = setInterval(() => setReloadToken((token) => token + 1), refreshMs);
    return () => clearInterval(timer);
  }, [refreshMs, path]);

  const reload = useCallback(() => setReloadToken((token) => token + 1), []);
  return { data, error, errorStatus, loading, reload, setData };
}
