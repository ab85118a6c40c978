"use client";

import { useEffect, useState } from "react";
import type { PageDetail, PageList } from "@/lib/protocol/api/pages";
import { buildQuery } from "@/components/live/api-client";
import { useApiResource } from "@/components/live/use-api-resource";
import { usePageVisible } from "@/components/live/use-page-visible";

/** Pages change on the alert job's rounds, which push nothing to browsers yet: a short poll while visible. */
const POLL_MS = 5_000;

export function usePages(status: "open" | "all") {
  const visible = usePageVisible();
  return useApiResource<PageList>(`/api/v1/pages${buildQuery({ status: status === "open" ? "open" : null, limit: 200 })}`, {
    refreshMs: visible ? POLL_MS : undefined,
    keepPreviousData: true,
  });
}

export function usePage(id: string) {
  const visible = usePageVisible();
  return useApiResource<PageDetail>(`/api/v1/pages/${encodeURIComponent(id)}`, { refreshMs: visible ? POLL_MS : undefined, keepPreviousData: true });
}

/** A clock that ticks every second, for countdowns. */
export function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return now;
}
