"use client";

import { ChevronLeft } from "lucide-react";
import Link from "next/link";
import { StateTimeline } from "@/components/charts/StateTimeline";
import { NodeLoadGroupPanel } from "@/components/groups/NodeLoadGroupPanel";
import { NodeIncidentLinks } from "@/components/incidents/NodeIncidentLinks";
import { NodeRecoveryBlocks } from "@/components/recovery/NodeRecoveryBlocks";
import { NodeRecoveryLink } from "@/components/recovery/NodeRecoveryLink";
import { useNodeRecovery } from "@/components/recovery/use-node-recovery";
import { PageHeader } from "@/components/layout/PageHeader";
import { NodeLogTail } from "@/components/logs/NodeLogTail";
import { EmptyState } from "@/components/ui/EmptyState";
import { ErrorState } from "@/components/ui/ErrorState";
import { LoadingState } from "@/components/ui/LoadingState";
import { Panel } from "@/components/ui/Panel";
import { formatDuration } from "@/components/ui/format";
import { TimeRangePicker, useTimeRange } from "@/components/layout/TimeRangePicker";
import { isLiveRange, METRIC_RANGE_MS } from "@/components/nodes/metric-ranges";
import { DecommissionButton } from "./DecommissionButton";
import { DrainPrimariesButton } from "./DrainPrimariesButton";
import { NodeHeader } from "./NodeHeader";
import { NodeMetricCharts } from "./NodeMetricCharts";
import { ReplicationPanel } from "./ReplicationPanel";
import { ResetCredentialButton } from "./ResetCredentialButton";
import { StateChangeList } from "./StateChangeList";
import { SteeringPanel } from "./SteeringPanel";
import { useNodeDetail } from "./use-node-detail";
import { useNodeMetrics } from "./use-node-metrics";

const RESOLUTION_LABELS = { raw: "raw samples", "1m": "1-minute rollups (mean, min–max band)", "1h": "1-hour rollups (mean, min–max band)" } as const;

function BackToNodes() {
  return (
    <Link href="/nodes" className="inline-flex items-center gap-1 text-sm text-zinc-400 hover:text-zinc-100">
      <ChevronLeft className="size-4" aria-hidden />
      All nodes
    </Link>
  );
}

export function NodeDetailView({ nodeId }: { nodeId: string }) {
  // The dashboard's `?range=`; without one the charts cover the node's history (15 minutes at least).
  const [chosenRange] = useTimeRange();
  const detail = useNodeDetail(nodeId);
  const metrics = useNodeMetrics(nodeId, chosenRange, detail.data?.node.firstSeenAt ?? null);
  const range = metrics.range ?? "15m";
  const recovery = useNodeRecovery(nodeId, detail.data?.node.group ?? null);

  const title = <span className="font-mono">{nodeId}</span>;

  if (!detail.data) {
    return (
      <>
        <PageHeader title={title} actions={<BackToNodes />} />
        <div className="p-6">
          {/* The server's answer says who decommissioned it, when and why; an admin can let it back in from here. */}
          {detail.errorStatus === 404 && detail.error?.includes("decommissioned") ? (
            <EmptyState title="Decommissioned" className="h-64">
              <p className="mb-3">{detail.error}</p>
              <ResetCredentialButton nodeId={nodeId} />
            </EmptyState>
          ) : detail.errorStatus === 404 ? (
            <EmptyState title="No such node" className="h-64">
              Vigil has never heard from a node called “{nodeId}”. It may have been removed, or the link is mistyped.
            </EmptyState>
          ) : detail.error ? (
            <ErrorState message={detail.error} onRetry={detail.reload} className="h-64" />
          ) : (
            <LoadingState label="Loading node…" className="h-64" />
          )}
        </div>
      </>
    );
  }

  const { node, events } = detail.data;
  const timelineTo = metrics.domain?.[1] ?? Date.now();
  const timelineFrom = metrics.domain?.[0] ?? timelineTo - METRIC_RANGE_MS[range];

  return (
    <>
      <PageHeader
        title={title}
        subtitle={
          <span>
            {node.hostname}
            {node.zone && <span className="text-zinc-400"> · {node.zone}</span>}
          </span>
        }
        actions={
          <>
            <BackToNodes />
            <TimeRangePicker />
          </>
        }
      />
      <div className="flex flex-col gap-4 p-6">
        <NodeHeader node={node} restartBudgetExhausted={recovery.restartBudgetExhausted} />
        <div className="flex flex-wrap items-center gap-2">
          <NodeIncidentLinks nodeId={nodeId} group={node.group} />
          <NodeRecoveryLink nodeId={nodeId} />
          <span className="ml-auto flex items-center gap-2">
            <DrainPrimariesButton nodeId={nodeId} />
            <ResetCredentialButton nodeId={nodeId} />
            <DecommissionButton nodeId={nodeId} />
          </span>
        </div>

        <div className="grid gap-4 lg:grid-cols-3">
          <Panel title={`State over the last ${formatDuration(timelineTo - timelineFrom)}`} className="lg:col-span-2">
            <StateTimeline events={events} currentState={node.state} from={timelineFrom} to={timelineTo} knownFrom={node.firstSeenAt} />
          </Panel>
          <ReplicationPanel node={node} />
        </div>

        <NodeRecoveryBlocks holds={recovery} loaded={recovery.loaded} error={recovery.error} />

        <div className="grid gap-4 lg:grid-cols-2">
          <NodeLoadGroupPanel nodeId={nodeId} />
          <SteeringPanel node={node} />
        </div>

        <div className="flex items-center justify-between text-xs text-zinc-400">
          <span>{metrics.resolution ? RESOLUTION_LABELS[metrics.resolution] : "\u00a0"}</span>
          <span>
            {chosenRange ? `last ${range}` : `auto: the data there is (${range} range)`} · {isLiveRange(range) ? "updating live" : "reloaded every minute"} · hover one chart to read them all at that time
          </span>
        </div>
        <NodeMetricCharts rows={metrics.rows} domain={metrics.domain} error={metrics.error} onRetry={metrics.reload} />

        <div className="grid gap-4 xl:grid-cols-3">
          <Panel title="State changes" bodyClassName="h-[464px] overflow-y-auto">
            {events.length === 0 ? (
              <EmptyState title="No state changes recorded" className="h-full" />
            ) : (
              <StateChangeList events={events} showNode={false} />
            )}
          </Panel>
          <div className="xl:col-span-2">
            <NodeLogTail nodeId={nodeId} />
          </div>
        </div>
      </div>
    </>
  );
}
