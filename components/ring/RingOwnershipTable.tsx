"use client";

import Link from "next/link";
import { useNow } from "@/components/live/use-now";
import { DataTable, type Column } from "@/components/ui/DataTable";
import { formatMilliseconds, formatRelativeTime } from "@/components/ui/format";
import { ringGroupColor } from "@/components/ring/ring-colors";
import { formatShare } from "@/components/ring/ring-geometry";
import { RingGroupSwatch } from "./RingGroupSwatch";
import type { RingGroupRow } from "./ring-types";

type RingOwnershipTableProps = {
  groups: readonly RingGroupRow[];
  emphasizedGroup: string | null;
  onHoverGroup: (groupId: string | null) => void;
};

/** Lag past this is worth colouring; the replication checks decide what is actually wrong. */
const LAG_WARNING_MS = 5_000;
/** Past this many groups the table scrolls in its own box and renders only the rows in view. */
const VIRTUAL_AFTER_ROWS = 60;

const GROUP_STATE_STYLES: Record<string, { label: string; className: string }> = {
  up: { label: "Up", className: "bg-green-500/15 text-green-300 ring-green-500/30" },
  down: { label: "Down", className: "bg-red-500/20 text-red-300 ring-red-500/50" },
  unknown: { label: "Unknown", className: "bg-zinc-500/15 text-zinc-300 ring-zinc-500/40" },
};

function GroupStateBadge({ state, healthy, total }: { state: string; healthy: number; total: number }) {
  const style = GROUP_STATE_STYLES[state] ?? GROUP_STATE_STYLES.unknown;
  return (
    <span className="inline-flex items-center gap-2 whitespace-nowrap">
      <span className={`rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${style.className}`}>{style.label}</span>
      <span className={`text-xs tabular ${healthy < total ? "text-amber-300" : "text-zinc-400"}`} title="Healthy members of all members">
        {healthy}/{total}
      </span>
    </span>
  );
}

/** The group's share as a bar scaled to twice the fair share, so over- and under-loaded groups read at a glance. */
function OwnershipBar({ share, fairShare, color }: { share: number; fairShare: number; color: string }) {
  const width = Math.min(100, (share / (2 * fairShare)) * 100);
  return (
    <span className="relative inline-block h-1.5 w-20 overflow-hidden rounded-full bg-zinc-800 align-middle" aria-hidden>
      <span className="absolute inset-y-0 left-0 rounded-full" style={{ width: `${width}%`, background: color }} />
      <span className="absolute inset-y-0 left-1/2 w-px bg-zinc-500" title="fair share" />
    </span>
  );
}

function ownershipColumns(totalWeight: number, now: number): Column<RingGroupRow>[] {
  const columns: Column<RingGroupRow>[] = [
    {
      key: "group",
      header: "Group",
      cell: (group) => (
        <Link prefetch={false} href={`/replica-groups?group=${encodeURIComponent(group.id)}`} className="hover:underline">
          <RingGroupSwatch groupId={group.id} />
        </Link>
      ),
    },
    { key: "state", header: "State", cell: (group) => <GroupStateBadge state={group.state} healthy={group.healthyMembers} total={group.members.length} /> },
    {
      key: "members",
      header: "Members",
      className: "max-w-72",
      cell: (group) =>
        group.members.length ? (
          <span className="flex flex-wrap gap-x-2 font-mono text-xs text-zinc-400">
            {group.members.map((nodeId) => (
              <span key={nodeId} className={`whitespace-nowrap ${nodeId === group.primary ? "text-zinc-200" : ""}`}>
                {nodeId}
              </span>
            ))}
          </span>
        ) : (
          <span className="text-zinc-400">—</span>
        ),
    },
    { key: "zones", header: "Zones", className: "text-xs whitespace-nowrap text-zinc-400", cell: (group) => (group.zones.length ? group.zones.join(", ") : "—") },
    { key: "weight", header: "Weight", align: "right", className: "text-zinc-300 tabular", cell: (group) => group.weight },
    { key: "tokens", header: "Tokens", align: "right", className: "text-zinc-300 tabular", cell: (group) => group.tokenCount },
    {
      key: "owns",
      header: "Owns",
      align: "right",
      className: "whitespace-nowrap",
      cell: (group) => (
        <span className="inline-flex items-center gap-2">
          <OwnershipBar share={group.ownership} fairShare={totalWeight > 0 ? group.weight / totalWeight : 0} color={ringGroupColor(group.id)} />
          <span className="w-16 text-zinc-100 tabular" data-testid="ring-ownership">
            {formatShare(group.ownership)}
          </span>
        </span>
      ),
    },
    {
      key: "primary",
      header: "Primary",
      className: "whitespace-nowrap",
      cell: (group) =>
        group.primary ? (
          <Link prefetch={false} href={`/nodes/${encodeURIComponent(group.primary)}`} className="font-mono text-xs text-sky-300 hover:underline">
            {group.primary}
          </Link>
        ) : (
          <span className="text-xs font-medium text-red-300">none</span>
        ),
    },
    {
      key: "lag",
      header: "Max lag",
      align: "right",
      className: "whitespace-nowrap tabular",
      cellProps: (group) => ({ className: (group.maxLagMs ?? 0) > LAG_WARNING_MS ? "text-amber-300" : "text-zinc-300" }),
      cell: (group) => formatMilliseconds(group.maxLagMs),
    },
    { key: "heartbeat", header: "Last heartbeat", className: "text-xs whitespace-nowrap text-zinc-400", cell: (group) => formatRelativeTime(group.lastHeartbeatAt, now) },
    {
      key: "incidents",
      header: "Incidents",
      align: "right",
      cell: (group) =>
        group.incidents > 0 ? (
          <Link
            prefetch={false}
            href={`/replica-groups?group=${encodeURIComponent(group.id)}`}
            title="Open incidents of this group and its members"
            className="rounded-full bg-red-500/20 px-2 py-0.5 text-xs font-medium text-red-300 ring-1 ring-red-500/50 ring-inset hover:bg-red-500/30"
          >
            {group.incidents}
          </Link>
        ) : (
          <span className="text-xs text-zinc-400">0</span>
        ),
    },
  ];
  return columns.map((column) => ({ ...column, headerClassName: "whitespace-nowrap" }));
}

/** Like `nodetool status`: one row per ring group with what it owns and how healthy it is. */
export function RingOwnershipTable({ groups, emphasizedGroup, onHoverGroup }: RingOwnershipTableProps) {
  const now = useNow(1000);
  const totalWeight = groups.reduce((sum, group) => sum + group.weight, 0);
  return (
    <DataTable
      testId="ring-ownership-table"
      scrollX
      density="normal"
      verticalAlign="middle"
      columns={ownershipColumns(totalWeight, now)}
      rows={groups}
      virtual={groups.length > VIRTUAL_AFTER_ROWS ? { maxHeight: 560, estimatedRowHeight: 45 } : undefined}
      rowKey={(group) => group.id}
      rowProps={(group) => ({
        "data-group-id": group.id,
        "data-ownership": group.ownership,
        className: emphasizedGroup === group.id ? "bg-zinc-800/60" : "hover:bg-zinc-800/30",
        onMouseEnter: () => onHoverGroup(group.id),
        onMouseLeave: () => onHoverGroup(null),
      })}
    />
  );
}
