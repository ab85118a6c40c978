"use client";

import { useApiResource } from "@/components/live/use-api-resource";
import { usePageVisible } from "@/components/live/use-page-visible";
import type { OnCallView, ScheduleView } from "@/lib/protocol/api/paging";

/** Shifts change on the hour at most and configuration by hand: every 30 s is fresh enough. */
const ON_CALL_POLL_MS = 30_000;

export function useOnCall() {
  const visible = usePageVisible();
  const refreshMs = visible ? ON_CALL_POLL_MS : undefined;
  return {
    onCall: useApiResource<OnCallView>("/api/v1/on-call", { refreshMs, keepPreviousData: true }),
    schedules: useApiResource<{ items: ScheduleView[] }>("/api/v1/schedules", { refreshMs, keepPreviousData: true }),
  };
}
