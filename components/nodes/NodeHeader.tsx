"use client";

import type { ReactNode } from "react";
import type { NodeView } from "@/lib/protocol/views";
import { useNow } from "@/components/live/use-now";
import { formatDateTime, formatDuration, formatPhi, formatRelativeTime } from "@/components/ui/format";
import { STATE_STYLES } from "@/components/nodes/state-colors";
import { PhiGauge } from "./PhiGauge";
import { StateBadge } from "./StateBadge";

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs text-zinc-400">{label}</dt>
      <dd className="truncate text-sm text-zinc-200">{children}</dd>
    </div>
  );
}

/** Answers first what an operator asks first: what state, why, since when, how sure. */
export function NodeHeader({ node }: { node: NodeView }) {
  const now = useNow(1000);
  const style = STATE_STYLES[node.state];
  const labels = Object.entries(node.labels);
  return (
    <section className={`rounded-lg border bg-zinc-900/60 ${style.border}`}>
      <div className="flex flex-wrap items-start justify-between gap-6 p-5">
        <div className="min-w-0 space-y-2">
          <div className="flex flex-wrap items-center gap-3">
            <StateBadge state={node.state} size="lg" />
            <span className="text-sm text-zinc-400 tabular">
              for {formatDuration(now - node.stateSince)} <span className="text-zinc-400">·</span> since {formatDateTime(node.stateSince)}
            </span>
          </div>
          <p className={`text-sm ${node.state === "healthy" ? "text-zinc-400" : style.text}`}>{node.stateReason ?? "No reason recorded."}</p>
          <p className="text-sm text-zinc-400">
            Last heartbeat{" "}
            <span className="text-zinc-200 tabular">{formatRelativeTime(node.lastHeartbeatAt, now)}</span>
            <span className="text-zinc-400"> · </span>
            agent {node.connected ? <span className="text-green-400">connected</span> : <span className="text-red-400">disconnected</span>}
          </p>
        </div>
        <div className="w-64">
          <div className="mb-1 flex items-baseline justify-between text-sm">
            <span className="text-zinc-400">Suspicion φ</span>
            <span className="text-xl font-semibold text-zinc-100 tabular">{formatPhi(node.phi)}</span>
          </div>
          <PhiGauge phi={node.phi} />
        </div>
      </div>
      <dl className="grid grid-cols-2 gap-x-6 gap-y-3 border-t border-zinc-800 px-5 py-4 sm:grid-cols-3 lg:grid-cols-6">
        <Fact label="Hostname">{node.hostname}</Fact>
        <Fact label="Address">{node.address ?? "—"}</Fact>
        <Fact label="Zone">{node.zone ?? "—"}</Fact>
        <Fact label="Group · role">
          {node.group ?? "—"}
          {node.role && <span className="text-zinc-400"> · {node.role}</span>}
        </Fact>
        <Fact label="Agent version">{node.agentVersion ?? "—"}</Fact>
        <Fact label="Weight">{node.weight}</Fact>
        <div className="col-span-full min-w-0">
          <dt className="text-xs text-zinc-400">Labels</dt>
          <dd className="mt-1 flex flex-wrap gap-1.5">
            {labels.length === 0 ? (
              <span className="text-sm text-zinc-400">none</span>
            ) : (
              labels.map(([key, value]) => (
                <span key={key} className="rounded bg-zinc-800 px-1.5 py-0.5 font-mono text-xs text-zinc-300">
                  {key}={value}
                </span>
              ))
            )}
          </dd>
        </div>
      </dl>
    </section>
  );
}
