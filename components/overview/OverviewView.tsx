"use client";

import { PageHeader } from "@/components/layout/PageHeader";
import { FleetLoadChart } from "@/components/charts/FleetLoadChart";
import { HeartbeatRateChart } from "@/components/charts/HeartbeatRateChart";
import { StateChangeList } from "@/components/nodes/StateChangeList";
import { EmptyState } from "@/components/ui/EmptyState";
import { ErrorState } from "@/components/ui/ErrorState";
import { LoadingState } from "@/components/ui/LoadingState";
import { Panel } from "@/components/ui/Panel";
import { formatRate } from "@/components/ui/format";
import { FleetStatsStrip } from "./FleetStatsStrip";
import { ProblemsNow } from "./ProblemsNow";
import { StateTiles } from "./StateTiles";
import { HEARTBEAT_WINDOW_MS, useOverview } from "./use-overview";
import { ZoneHealthBars } from "./ZoneHealthBars";

const CHART_HEIGHT = 240;

export function OverviewView() {
  const { data, error, reload, stats, heartbeatRate } = useOverview();
  const failedWithoutData = error !== null && data === null;
  const latestRate = heartbeatRate.at(-1)?.value ?? null;

  const placeholder = (height: string) =>
    failedWithoutData ? <ErrorState message={error} onRetry={reload} className={height} /> : <LoadingState className={height} />;

  return (
    <>
      <PageHeader
        title="Overview"
        subtitle={<FleetStatsStrip stats={stats} />}
        actions={
          error && data ? <span className="text-xs text-amber-300">Last refresh failed: {error}</span> : null
        }
      />
      <div className="flex flex-col gap-4 p-6">
        <ProblemsNow />
        <StateTiles stats={stats} />

        <div className="grid gap-4 xl:grid-cols-3">
          <Panel title="Fleet load · last hour" className="xl:col-span-2" actions={<span>mean over all nodes, per minute</span>}>
            {data === null ? (
              placeholder("h-[240px]")
            ) : data.load.length === 0 ? (
              <EmptyState title="No load data yet" className="h-[240px]">
                Charts fill in as agents send heartbeats.
              </EmptyState>
            ) : (
              <FleetLoadChart points={data.load} height={CHART_HEIGHT} />
            )}
          </Panel>

          <Panel title="Zones" bodyClassName="p-4 max-h-[272px] overflow-y-auto">
            {data === null ? (
              placeholder("h-[240px]")
            ) : data.zones.length === 0 ? (
              <EmptyState title="No zones" className="h-[240px]">
                Nodes report their zone in the agent config.
              </EmptyState>
            ) : (
              <ZoneHealthBars zones={data.zones} />
            )}
          </Panel>
        </div>

        <div className="grid gap-4 xl:grid-cols-3">
          <Panel
            title="Heartbeats per second · live"
            className="xl:col-span-2"
            actions={<span className="tabular">now {formatRate(latestRate)}/s</span>}
          >
            {heartbeatRate.length < 2 ? (
              <LoadingState label="Collecting live samples…" className="h-[200px]" />
            ) : (
              <HeartbeatRateChart samples={heartbeatRate} windowMs={HEARTBEAT_WINDOW_MS} height={200} />
            )}
          </Panel>

          <Panel title="Recent state changes" bodyClassName="max-h-[232px] overflow-y-auto">
            {data === null ? (
              placeholder("h-[200px]")
            ) : data.recentEvents.length === 0 ? (
              <EmptyState title="No state changes" className="h-[200px]">
                Every node has kept its state.
              </EmptyState>
            ) : (
              <StateChangeList events={data.recentEvents} />
            )}
          </Panel>
        </div>
      </div>
    </>
  );
}
