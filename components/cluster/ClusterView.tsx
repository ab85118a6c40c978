"use client";

import { Crown } from "lucide-react";
import { PageHeader } from "@/components/layout/PageHeader";
import { useApiResource } from "@/components/live/use-api-resource";
import { useNow } from "@/components/live/use-now";
import { EmptyState } from "@/components/ui/EmptyState";
import { ErrorState } from "@/components/ui/ErrorState";
import { LoadingState } from "@/components/ui/LoadingState";
import { Panel } from "@/components/ui/Panel";
import type { ClusterView as Cluster } from "@/lib/protocol/cluster-views";
import { formatBytes, formatCount, formatMilliseconds, formatRelativeTime } from "@/components/ui/format";

/** Instances refresh their row every 2 s; no live event carries it, so the page polls at that pace. */
const REFRESH_MS = 2_000;

/** Every Vigil instance sharing this database: which one leads, who holds which agents, how loaded. */
export function ClusterView() {
  const cluster = useApiResource<Cluster>("/api/v1/cluster", { refreshMs: REFRESH_MS });
  const now = useNow(1000);
  const data = cluster.data;
  const alive = data?.instances.filter((instance) => instance.alive) ?? [];
  const subtitle = data
    ? data.leader
      ? `${alive.length} instance${alive.length === 1 ? "" : "s"} up; ${data.leader.id} leads since ${formatRelativeTime(data.leader.since, now)} (fence ${data.leader.fence}). You are on ${data.self}.`
      : `${alive.length} instance${alive.length === 1 ? "" : "s"} up; no leader right now: recovery, alerts and detection verdicts wait for one. You are on ${data.self}.`
    : "Vigil instances sharing this database.";
  return (
    <>
      <PageHeader title="Cluster" subtitle={subtitle} />
      <div className="space-y-4 p-6">
        {!data && cluster.loading && <LoadingState label="Loading instances…" />}
        {!data && cluster.error && <ErrorState message={cluster.error} onRetry={cluster.reload} />}
        {data && data.instances.length === 0 && <EmptyState title="No instance has reported yet">Instances report every 2 seconds.</EmptyState>}
        {data && data.instances.length > 0 && (
          <Panel title="Instances" bodyClassName="overflow-x-auto">
            <table className="w-full text-sm" data-testid="cluster-instances">
              <thead className="text-left text-xs uppercase tracking-wide text-zinc-500">
                <tr>
                  <th className="px-4 py-2">Instance</th>
                  <th className="px-4 py-2">Status</th>
                  <th className="px-4 py-2 text-right">Agents</th>
                  <th className="px-4 py-2 text-right">Heartbeats/s</th>
                  <th className="px-4 py-2 text-right">Loop lag p99</th>
                  <th className="px-4 py-2 text-right">Memory</th>
                  <th className="px-4 py-2">Version</th>
                  <th className="px-4 py-2">Started</th>
                  <th className="px-4 py-2">Last seen</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-zinc-800">
                {data.instances.map((instance) => (
                  <tr key={instance.id} data-instance={instance.id} data-leader={instance.leader} data-alive={instance.alive} className={instance.alive ? "" : "opacity-60"}>
                    <td className="px-4 py-2 font-mono text-zinc-100">
                      <span className="inline-flex items-center gap-2">
                        {instance.leader && <Crown className="size-4 text-amber-300" aria-label="leader" />}
                        {instance.id}
                        {instance.id === data.self && <span className="rounded bg-sky-900/60 px-1.5 py-0.5 text-[10px] uppercase text-sky-200">this one</span>}
                      </span>
                    </td>
                    <td className="px-4 py-2">
                      <span className={`rounded px-2 py-0.5 text-xs font-medium ${instance.alive ? "bg-green-900/50 text-green-300" : "bg-red-900/50 text-red-300"}`}>
                        {instance.alive ? (instance.leader ? "leader" : "follower") : "gone"}
                      </span>
                    </td>
                    <td className="px-4 py-2 text-right tabular-nums">{formatCount(instance.connectedAgents)}</td>
                    <td className="px-4 py-2 text-right tabular-nums">{formatCount(Math.round(instance.heartbeatsPerSec))}</td>
                    <td className={`px-4 py-2 text-right tabular-nums ${instance.loopLagMs > 200 ? "text-amber-300" : ""}`}>{formatMilliseconds(instance.loopLagMs)}</td>
                    <td className="px-4 py-2 text-right tabular-nums">{formatBytes(instance.rssBytes)}</td>
                    <td className="px-4 py-2 font-mono text-xs">{instance.version}</td>
                    <td className="px-4 py-2 text-zinc-400">{formatRelativeTime(instance.startedAt, now)}</td>
                    <td className="px-4 py-2 text-zinc-400">{formatRelativeTime(instance.lastSeenAt, now)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Panel>
        )}
      </div>
    </>
  );
}
