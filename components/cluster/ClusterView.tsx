"use client";

import { Crown } from "lucide-react";
import { PageHeader } from "@/components/layout/PageHeader";
import { useApiResource } from "@/components/live/use-api-resource";
import { useNow } from "@/components/live/use-now";
import { DataTable, type Column } from "@/components/ui/DataTable";
import { EmptyState } from "@/components/ui/EmptyState";
import { ErrorState } from "@/components/ui/ErrorState";
import { LoadingState } from "@/components/ui/LoadingState";
import { Panel } from "@/components/ui/Panel";
import type { ClusterView as Cluster } from "@/lib/protocol/api/cluster";
import { formatBytes, formatCount, formatMilliseconds, formatRelativeTime } from "@/components/ui/format";

/** Instances refresh their row every 2 s; no live event carries it, so the page polls at that pace. */
const REFRESH_MS = 2_000;

type Instance = Cluster["instances"][number];

function instanceColumns(self: string, now: number): Column<Instance>[] {
  return [
    {
      key: "instance",
      header: "Instance",
      className: "font-mono text-zinc-100",
      cell: (instance) => (
        <span className="inline-flex items-center gap-2">
          {instance.leader && <Crown className="size-4 text-amber-300" aria-label="leader" />}
          {instance.id}
          {instance.id === self && <span className="rounded bg-sky-900/60 px-1.5 py-0.5 text-[10px] uppercase text-sky-200">this one</span>}
        </span>
      ),
    },
    {
      key: "status",
      header: "Status",
      cell: (instance) => (
        <span className={`rounded px-2 py-0.5 text-xs font-medium ${instance.alive ? "bg-green-900/50 text-green-300" : "bg-red-900/50 text-red-300"}`}>
          {instance.alive ? (instance.leader ? "leader" : "follower") : "gone"}
        </span>
      ),
    },
    { key: "agents", header: "Agents", align: "right", className: "tabular-nums", cell: (instance) => formatCount(instance.connectedAgents) },
    { key: "rate", header: "Heartbeats/s", align: "right", className: "tabular-nums", cell: (instance) => formatCount(Math.round(instance.heartbeatsPerSec)) },
    {
      key: "lag",
      header: "Loop lag p99",
      align: "right",
      className: "tabular-nums",
      cellProps: (instance) => ({ className: instance.loopLagMs > 200 ? "text-amber-300" : undefined }),
      cell: (instance) => formatMilliseconds(instance.loopLagMs),
    },
    { key: "memory", header: "Memory", align: "right", className: "tabular-nums", cell: (instance) => formatBytes(instance.rssBytes) },
    { key: "version", header: "Version", className: "font-mono text-xs", cell: (instance) => instance.version },
    { key: "started", header: "Started", className: "text-zinc-400", cell: (instance) => formatRelativeTime(instance.startedAt, now) },
    { key: "seen", header: "Last seen", className: "text-zinc-400", cell: (instance) => formatRelativeTime(instance.lastSeenAt, now) },
  ];
}

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
            <DataTable
              testId="cluster-instances"
              density="normal"
              columns={instanceColumns(data.self, now)}
              rows={data.instances}
              rowKey={(instance) => instance.id}
              rowProps={(instance) => ({ "data-instance": instance.id, "data-leader": instance.leader, "data-alive": instance.alive, className: instance.alive ? undefined : "opacity-80" })}
            />
          </Panel>
        )}
      </div>
    </>
  );
}
