"use client";

import { useDeferredValue, useMemo, useState } from "react";
import type { NodeState } from "@/lib/protocol/common";
import { PendingEnrollments } from "./PendingEnrollments";
import { PageHeader } from "@/components/layout/PageHeader";
import { EmptyState } from "@/components/ui/EmptyState";
import { ErrorState } from "@/components/ui/ErrorState";
import { LoadingState } from "@/components/ui/LoadingState";
import { countServiceProblems, countStates, distinctZones, filterNodes, sortNodes } from "@/components/nodes/fleet-nodes";
import type { NodeSort, NodeSortKey } from "@/components/nodes/fleet-nodes";
import { formatCount } from "@/components/ui/format";
import { NodeFilters } from "./NodeFilters";
import { NodesTable } from "./NodesTable";
import { useFleetNodes } from "./use-fleet-nodes";

export type NodesViewProps = {
  initialStates: NodeState[];
  initialZone: string | null;
  initialQuery: string;
};

const NO_STATES: ReadonlySet<NodeState> = new Set();

/** Text columns read best A→Z; numbers and state are most useful worst/highest first. */
const DESCENDING_FIRST: ReadonlySet<NodeSortKey> = new Set(["state", "phi", "cpu", "mem", "lastHeartbeatAt", "errorRate", "latencyMs"]);

export function NodesView({ initialStates, initialZone, initialQuery }: NodesViewProps) {
  const fleet = useFleetNodes();
  const [states, setStates] = useState<ReadonlySet<NodeState>>(() => new Set(initialStates));
  const [zone, setZone] = useState<string | null>(initialZone);
  const [query, setQuery] = useState(initialQuery);
  const [sort, setSort] = useState<NodeSort>({ key: "state", direction: "desc" });
  // Typing stays responsive while 10,000 rows are filtered a beat later.
  const deferredQuery = useDeferredValue(query);

  const allNodes = fleet.nodes;
  const zones = useMemo(() => {
    const known = distinctZones(allNodes);
    return zone && !known.includes(zone) ? [...known, zone] : known;
  }, [allNodes, zone]);

  // State counts follow zone and text filters, so the chips say what clicking them will show.
  const narrowed = useMemo(() => filterNodes(allNodes, { states: NO_STATES, zone, query: deferredQuery }), [allNodes, zone, deferredQuery]);
  const stateCounts = useMemo(() => countStates(narrowed), [narrowed]);
  // The chips count the detector's states; agents heard but whose service is sick are named apart.
  const serviceProblems = useMemo(() => countServiceProblems(narrowed), [narrowed]);
  const rows = useMemo(() => sortNodes(states.size ? narrowed.filter((node) => states.has(node.state)) : narrowed, sort), [narrowed, states, sort]);

  const toggleState = (state: NodeState) =>
    setStates((current) => {
      const next = new Set(current);
      if (next.has(state)) next.delete(state);
      else next.add(state);
      return next;
    });

  const changeSort = (key: NodeSortKey) =>
    setSort((current) =>
      current.key === key
        ? { key, direction: current.direction === "asc" ? "desc" : "asc" }
        : { key, direction: DESCENDING_FIRST.has(key) ? "desc" : "asc" },
    );

  const placeholder = !fleet.loaded ? (
    fleet.error ? (
      <ErrorState message={fleet.error} onRetry={fleet.reload} className="h-64" />
    ) : (
      <LoadingState label="Loading nodes…" className="h-64" />
    )
  ) : rows.length === 0 ? (
    allNodes.length === 0 ? (
      <EmptyState title="No nodes yet" className="h-64">
        Start an agent with an enrollment token (Settings → Agent tokens) and it will appear here.
      </EmptyState>
    ) : (
      <EmptyState title="No node matches these filters" className="h-64">
        Clear the state chips, pick another zone or change the search.
      </EmptyState>
    )
  ) : undefined;

  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <PageHeader
        title="Nodes"
        subtitle={
          <span className="tabular">
            {fleet.loaded ? `${formatCount(rows.length)} of ${formatCount(allNodes.length)} nodes` : "\u00a0"}
            {serviceProblems > 0 && (
              <span className="ml-2 text-amber-300" data-testid="nodes-service-problems">
                · {formatCount(serviceProblems)} healthy {serviceProblems === 1 ? "agent" : "agents"} with a degraded or down service
              </span>
            )}
            {fleet.truncated && <span className="ml-2 text-amber-300">(the fleet is larger than one page; showing the first 10,000)</span>}
            {fleet.error && fleet.loaded && <span className="ml-2 text-amber-300">Refresh failed: {fleet.error}</span>}
          </span>
        }
      />
      <PendingEnrollments />
      <NodeFilters
        states={states}
        onToggleState={toggleState}
        onClearStates={() => setStates(new Set())}
        stateCounts={stateCounts}
        zone={zone}
        zones={zones}
        onZoneChange={setZone}
        query={query}
        onQueryChange={setQuery}
      />
      <NodesTable
        rows={rows}
        sort={sort}
        onSort={changeSort}
        cpuHistory={fleet.cpuHistory}
        historyVersion={fleet.historyVersion}
        placeholder={placeholder}
        scrollResetKey={`${sort.key}:${sort.direction}:${[...states].join(",")}:${zone ?? ""}:${deferredQuery}`}
      />
    </div>
  );
}
