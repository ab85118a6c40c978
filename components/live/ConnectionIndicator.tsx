"use client";

import { Radio, RefreshCw, TriangleAlert, WifiOff } from "lucide-react";
import { useProblems } from "@/components/layout/ProblemsProvider";
import { useLiveConnection } from "./use-live";
import { useNow } from "./use-now";
import { withVigilHealth } from "./connection-health";
import { describeConnection } from "./describe-connection";

/**
 * Always visible in the sidebar: is what I'm looking at live, and can Vigil's own verdicts be
 * believed? Never green while Vigil itself is unhealthy: a green "Live" above a thousand false
 * downs is worse than no indicator.
 */
export function ConnectionIndicator() {
  const connection = useLiveConnection();
  const now = useNow(1000);
  const health = useProblems()?.health ?? null;
  const view = withVigilHealth(describeConnection(connection, now), health);

  const tone =
    view.level === "live"
      ? "border-green-500/40 bg-green-500/10 text-green-300"
      : view.level === "degraded"
        ? "border-amber-500/50 bg-amber-500/10 text-amber-300"
        : "border-red-500/60 bg-red-500/15 text-red-300";
  const unhealthy = connection.phase === "connected" && view.level !== "live";
  const Icon = unhealthy ? TriangleAlert : view.level === "live" ? Radio : view.level === "degraded" ? RefreshCw : WifiOff;

  return (
    <div
      role="status"
      aria-live="polite"
      data-testid="vigil-health"
      data-level={view.level}
      className={`flex items-center gap-2 rounded-md border px-3 py-2 text-sm ${tone}`}
    >
      <span className="relative flex size-2.5 shrink-0">
        {view.level === "live" && <span className="absolute inline-flex size-full animate-ping rounded-full bg-green-400 opacity-60" />}
        <span
          className={`relative inline-flex size-2.5 rounded-full ${
            view.level === "live" ? "bg-green-400" : view.level === "degraded" ? "bg-amber-400" : "bg-red-500"
          }`}
        />
      </span>
      <Icon className={`size-4 shrink-0 ${view.level === "degraded" && !unhealthy ? "animate-spin [animation-duration:2s]" : ""}`} aria-hidden />
      <span className="min-w-0 leading-tight">
        <span className="block font-medium">{view.title}</span>
        {view.detail && <span className="block text-xs opacity-90 tabular">{view.detail}</span>}
      </span>
    </div>
  );
}
