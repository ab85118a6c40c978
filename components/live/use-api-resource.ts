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
 * A reload asked for while a load is in flight waits for it and then loads once more: pushed
 * change signals may come faster than a slow server answers, and must not abort every answer.
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
  const inFlightRef = useRef(false);
  const reloadQueuedRef = useRef(false);

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
    inFlightRef.current = true;
    reloadQueuedRef.current = false;
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
        if (controller.signal.aborted) return;
        setLoading(false);
        inFlightRef.current = false;
        if (reloadQueuedRef.current) setReloadToken((token) => token + 1);
      });
    return () => {
      controller.abort();
      inFlightRef.current = false;
    };
  }, [path, reloadToken, reconnects, keepPreviousData]);

  const reload = useCallback(() => {
    if (inFlightRef.current) {
      reloadQueuedRef.current = true;
      return;
    }
    setReloadToken((token) => token + 1);
  }, []);

  useEffect(() => {
    if (!refreshMs || path === null) return;
    const timer = setInterval(reload, refreshMs);
    return () => clearInterval(timer);
  }, [refreshMs, path, reload]);

  return { data, error, errorStatus, loading, reload, setData };
}
