"use client";

import { useMemo } from "react";
import { PageHeader } from "@/components/layout/PageHeader";
import { EmptyState } from "@/components/ui/EmptyState";
import { ErrorState } from "@/components/ui/ErrorState";
import { LoadingState } from "@/components/ui/LoadingState";
import { Panel } from "@/components/ui/Panel";
import { CHART_METRICS } from "@/components/charts/metric-series";
import { GroupingSettingsForm } from "./GroupingSettingsForm";
import { GroupRunSummary } from "./GroupRunSummary";
import { GroupScatterPanel } from "./GroupScatterPanel";
import { GroupsTable } from "./GroupsTable";
import { groupSizeTrends } from "./group-trends";
import { OutliersList } from "./OutliersList";
import { TREND_RUNS, useGroups } from "./use-groups";

export function GroupsView() {
  const { groups, history } = useGroups();
  const data = groups.data;

  // Display order follows the rest of the dashboard (cpu first), whatever order settings list them in.
  const metrics = useMemo(() => (data ? CHART_METRICS.filter((metric) => data.settings.metrics.includes(metric)) : []), [data]);
  const trends = useMemo(() => groupSizeTrends(history.data), [history.data]);
  const groupNames = useMemo(() => new Map((data?.groups ?? []).map((group) => [group.id, group.name])), [data]);
  const outlierNodes = useMemo(() => (data?.nodes ?? []).filter((node) => node.outlier), [data]);
  const outlierIds = useMemo(() => new Set(data?.outliers ?? []), [data]);

  const header = (
    <PageHeader
      title="Load groups"
      subtitle={
        data?.run ? (
          <GroupRunSummary run={data.run} kMode={data.settings.k} outliers={data.outliers.length} />
        ) : (
          "Nodes grouped by their recent load (k-means), so the ones that behave unlike their peers stand out."
        )
      }
      actions={groups.error && data ? <span className="text-xs text-amber-300">Last refresh failed: {groups.error}</span> : null}
    />
  );

  if (!data) {
    return (
      <>
        {header}
        <div className="p-6">
          {groups.error ? <ErrorState message={groups.error} onRetry={groups.reload} className="h-64" /> : <LoadingState label="Loading groups…" className="h-64" />}
        </div>
      </>
    );
  }

  const settingsPanel = (
    <Panel title="Grouping settings">
      <GroupingSettingsForm key={JSON.stringify(data.settings)} settings={data.settings} onSaved={groups.reload} />
    </Panel>
  );

  if (!data.run) {
    return (
      <>
        {header}
        <div className="grid gap-4 p-6 xl:grid-cols-3">
          <Panel title="Groups" className="xl:col-span-2">
            <EmptyState title="No grouping run yet" className="h-64">
              The first grouping run happens ~{data.settings.intervalSeconds} s after nodes report, once each has a few samples in the window.
            </EmptyState>
          </Panel>
          {settingsPanel}
        </div>
      </>
    );
  }

  return (
    <>
      {header}
      <div className="flex flex-col gap-4 p-6">
        <div className="grid gap-4 xl:grid-cols-3">
          <div className="min-w-0 xl:col-span-2">
            <GroupScatterPanel groups={data.groups} nodes={data.nodes} metrics={metrics} />
          </div>
          {/* Outliers first: they are what an operator came to this page for; settings are rarely touched. */}
          <div className="flex min-w-0 flex-col gap-4">
            <Panel title="Outliers" actions={<span className="tabular">{data.outliers.length}</span>} bodyClassName="max-h-[360px] overflow-y-auto">
              {outlierNodes.length === 0 ? (
                <EmptyState title="No outliers" className="h-28">
                  Every node sits close to its group&apos;s centroid.
                </EmptyState>
              ) : (
                <OutliersList nodes={outlierNodes} groupNames={groupNames} />
              )}
            </Panel>
            {settingsPanel}
          </div>
        </div>

        <Panel title="Groups" actions={<span>hottest first · centroids in real units, bold where the group stands out</span>} bodyClassName="p-0">
          <GroupsTable groups={data.groups} metrics={metrics} fleetSize={data.run.nodes} outliers={outlierIds} trends={trends} trendCapacity={TREND_RUNS} />
        </Panel>
      </div>
    </>
  );
}
