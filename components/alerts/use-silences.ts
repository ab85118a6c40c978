"use client";

import { useApiResource } from "@/components/live/use-api-resource";
import type { SilencesResponse } from "./alert-types";
import { usePageVisible } from "@/components/live/use-page-visible";

/** Silences change only by hand (or by expiring), so a slower poll keeps other operators' edits in view. */
const SILENCES_POLL_MS = 10_000;

export function useSilences() {
  const visible = usePageVisible();
  return useApiResource<SilencesResponse>("/api/v1/silences", { refreshMs: visible ? SILENCES_POLL_MS : undefined, keepPreviousData: true });
}
