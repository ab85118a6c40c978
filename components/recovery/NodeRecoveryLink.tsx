"use client";

import { LifeBuoy } from "lucide-react";
import Link from "next/link";
import { useApiResource } from "@/components/live/use-api-resource";
import { useLiveEvent } from "@/components/live/use-live";
import { usePageVisible } from "@/components/live/use-page-visible";
import { buildQuery } from "@/components/live/api-client";
import type { ActionsResponse } from "./recovery-types";

/** Pushed "recovery:changed" signals refetch at once; this only covers a lost signal. */
const FALLBACK_POLL_MS = 30_000;

/** On a node's page: its recovery actions, with how many are active right now. */
export function NodeRecoveryLink({ nodeId }: { nodeId: string }) {
  const refreshMs = usePageVisible() ? FALLBACK_POLL_MS : undefined;
  const actions = useApiResource<ActionsResponse>(`/api/v1/actions${buildQuery({ target: nodeId, limit: 50 })}`, { refreshMs });
  useLiveEvent("recovery:changed", actions.reload);
  const items = actions.data?.items ?? [];
  const active = items.filter((action) => action.state === "running" || (action.state === "planned" && !action.dryRun)).length;
  const tone = active ? "text-blue-300 ring-blue-500/40" : "text-zinc-400 ring-zinc-700";
  return (
    <Link
      prefetch={false}
      href={`/recovery${buildQuery({ node: nodeId })}`}
      className={`inline-flex items-center gap-1.5 rounded-full px-2.5 py-1 text-xs font-medium ring-1 ring-inset hover:brightness-125 ${tone}`}
      data-testid="node-recovery-link"
    >
      <LifeBuoy className="size-3.5" aria-hidden />
      {actions.data ? `${items.length === 50 ? "50+" : items.length} recovery ${items.length === 1 ? "action" : "actions"}${active ? `, ${active} active` : ""}` : "recovery actions"}
    </Link>
  );
}
