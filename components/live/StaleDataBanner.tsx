"use client";

import { TriangleAlert } from "lucide-react";
import { formatClock } from "@/components/ui/format";
import { useLiveConnection } from "./use-live";
import { useNow } from "./use-now";
import { describeConnection } from "./describe-connection";

/**
 * Shown across the top of every page once live updates have stopped for a while, so an
 * operator never mistakes a frozen screen for a calm fleet. It overlays the page rather than
 * pushing it down, so content doesn't jump when the connection flaps.
 */
export function StaleDataBanner() {
  const connection = useLiveConnection();
  const now = useNow(1000);
  const view = describeConnection(connection, now);
  if (view.level !== "offline") return null;
  return (
    <div
      role="alert"
      className="pointer-events-none fixed inset-x-0 top-0 z-50 flex justify-center px-4 pt-2"
    >
      <div className="pointer-events-auto flex items-center gap-2 rounded-md border border-red-500/60 bg-red-950/95 px-4 py-2 text-sm text-red-100 shadow-lg shadow-black/50">
        <TriangleAlert className="size-4 shrink-0 text-red-400" aria-hidden />
        <span>
          Live updates stopped at <span className="font-semibold tabular">{formatClock(connection.since)}</span>. What you see may
          be out of date; Vigil keeps retrying.
        </span>
      </div>
    </div>
  );
}
