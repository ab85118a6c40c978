"use client";

import { createContext, use, type ReactNode } from "react";
import type { ProblemsView } from "@/lib/protocol/api/problems";
import { useApiResource } from "@/components/live/use-api-resource";
import { useLiveEvent } from "@/components/live/use-live";

/** Pushed on every change; this poll only covers a lost signal. */
const FALLBACK_POLL_MS = 30_000;

const ProblemsContext = createContext<ProblemsView | null>(null);

/**
 * One copy of "what is wrong now" for the whole shell (sidebar counts, Vigil's health, the
 * Overview's list): loaded once, then replaced by each `problems:changed` push.
 */
export function ProblemsProvider({ children }: { children: ReactNode }) {
  const { data, setData } = useApiResource<ProblemsView>("/api/v1/problems", { refreshMs: FALLBACK_POLL_MS });
  useLiveEvent("problems:changed", (view) => setData((previous) => (previous && previous.at > view.at ? previous : view)));
  return <ProblemsContext value={data}>{children}</ProblemsContext>;
}

/** Null until the first answer. */
export function useProblems(): ProblemsView | null {
  return use(ProblemsContext);
}
