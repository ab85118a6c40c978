"use client";

import Link from "next/link";
import { useNow } from "@/components/live/use-now";
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
      <span className={`text-xs tabular ${healthy < total ? "text-amber-300" : "text-zinc-500"}`} title="Healthy members of all members">
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

/** Like `nodetool status`: one row per ring group with what it owns and how healthy it is. */
export function RingOwnershipTable({ groups, emphasizedGroup, onHoverGroup }: RingOwnershipTableProps) {
  const now = useNow(1000);
  const totalWeight = groups.reduce((sum, group) => sum + group.weight, 0);
  const header = "px-3 py-2 font-medium whitespace-nowrap";
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm" data-testid="ring-ownership-table">
        <thead className="text-left text-xs tracking-wide text-zinc-500 uppercase">
          <tr className="border-b border-zinc-800">
            <th className={`${header} pl-4`}>Group</th>
            <th className={header}>State</th>
            <th className={header}>Members</th>
            <th className={header}>Zones</th>
            <th className={`${header} text-right`}>Weight</th>
            <th className={`${header} text-right`}>Tokens</th>
            <th className={`${header} text-right`}>Owns</th>
            <th className={header}>Primary</th>
            <th className={`${header} text-right`}>Max lag</th>
            <th className={header}>Last heartbeat</th>
            <th className={`${header} pr-4 text-right`}>Incidents</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-800/70">
          {groups.map((group) => {
            const fairShare = totalWeight > 0 ? group.weight / totalWeight : 0;
            const emphasized = emphasizedGroup === group.id;
            return (
              <tr
                key={group.id}
                data-group-id={group.id}
                data-ownership={group.ownership}
                className={emphasized ? "bg-zinc-800/60" : "hover:bg-zinc-800/30"}
                onMouseEnter={() => onHoverGroup(group.id)}
                onMouseLeave={() => onHoverGroup(null)}
              >
                <td className="px-3 py-2 pl-4">
                  <Link prefetch={false} href={`/replica-groups?group=${encodeURIComponent(group.id)}`} className="hover:underline">
                    <RingGroupSwatch groupId={group.id} />
                  </Link>
                </td>
                <td className="px-3 py-2">
                  <GroupStateBadge state={group.state} healthy={group.healthyMembers} total={group.members.length} />
                </td>
                <td className="max-w-72 px-3 py-2">
                  {group.members.length ? (
                    <span className="flex flex-wrap gap-x-2 font-mono text-xs text-zinc-400">
                      {group.members.map((nodeId) => (
                        <span key={nodeId} className={`whitespace-nowrap ${nodeId === group.primary ? "text-zinc-200" : ""}`}>
                          {nodeId}
                        </span>
                      ))}
                    </span>
                  ) : (
                    <span className="text-zinc-600">—</span>
                  )}
                </td>
                <td className="px-3 py-2 text-xs whitespace-nowrap text-zinc-400">{group.zones.length ? group.zones.join(", ") : "—"}</td>
                <td className="px-3 py-2 text-right text-zinc-300 tabular">{group.weight}</td>
                <td className="px-3 py-2 text-right text-zinc-300 tabular">{group.tokenCount}</td>
                <td className="px-3 py-2 text-right whitespace-nowrap">
                  <span className="inline-flex items-center gap-2">
                    <OwnershipBar share={group.ownership} fairShare={fairShare} color={ringGroupColor(group.id)} />
                    <span className="w-16 text-zinc-100 tabular" data-testid="ring-ownership">
                      {formatShare(group.ownership)}
                    </span>
                  </span>
                </td>
                <td className="px-3 py-2 whitespace-nowrap">
                  {group.primary ? (
                    <Link prefetch={false} href={`/nodes/${encodeURIComponent(group.primary)}`} className="font-mono text-xs text-sky-300 hover:underline">
                      {group.primary}
                    </Link>
                  ) : (
                    <span className="text-xs font-medium text-red-300">none</span>
                  )}
                </td>
                <td className={`px-3 py-2 text-right whitespace-nowrap tabular ${(group.maxLagMs ?? 0) > LAG_WARNING_MS ? "text-amber-300" : "text-zinc-300"}`}>
                  {formatMilliseconds(group.maxLagMs)}
                </td>
                <td className="px-3 py-2 text-xs whitespace-nowrap text-zinc-400">{formatRelativeTime(group.lastHeartbeatAt, now)}</td>
                <td className="px-3 py-2 pr-4 text-right">
                  {group.incidents > 0 ? (
                    <Link
                      prefetch={false}
                      href={`/replica-groups?group=${encodeURIComponent(group.id)}`}
                      title="Open incidents of this group and its members"
                      className="rounded-full bg-red-500/20 px-2 py-0.5 text-xs font-medium text-red-300 ring-1 ring-red-500/50 ring-inset hover:bg-red-500/30"
                    >
                      {group.incidents}
                    </Link>
                  ) : (
                    <span className="text-xs text-zinc-600">0</span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
