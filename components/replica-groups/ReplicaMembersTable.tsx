import Link from "next/link";
import { StateBadge } from "@/components/nodes/StateBadge";
import { DataTable, type Column } from "@/components/ui/DataTable";
import { formatCount, formatMilliseconds } from "@/components/ui/format";
import type { ReplicaMember } from "./replica-types";
import { replicaColor } from "./ReplicaLagChart";

/** Lag past this is worth colouring; the server's checks decide what is actually a problem. */
const LAG_WARNING_MS = 5_000;

type ReplicaMembersTableProps = {
  members: readonly ReplicaMember[];
  primaryId: string | null;
  /** Replica ids in chart order, so each row's dot matches its line. */
  chartedReplicas: readonly string[];
};

function RoleCell({ member }: { member: ReplicaMember }) {
  const role = member.role ?? "—";
  const claimsPrimary = member.role === "primary" && !member.isRecognisedPrimary;
  const mismatch = member.declaredRole !== null && member.reportedRole !== null && member.declaredRole !== member.reportedRole;
  return (
    <span className="inline-flex flex-wrap items-center gap-1.5">
      <span className={member.isRecognisedPrimary ? "font-semibold text-zinc-50" : claimsPrimary ? "font-semibold text-red-300" : "text-zinc-300"}>{role}</span>
      {member.isRecognisedPrimary && <span className="rounded bg-sky-500/15 px-1.5 text-[10px] font-medium text-sky-300 uppercase">recognised</span>}
      {claimsPrimary && <span className="rounded bg-red-500/20 px-1.5 text-[10px] font-medium text-red-300 uppercase">also claims primary</span>}
      {mismatch && <span className="text-[11px] text-zinc-400">(declared {member.declaredRole})</span>}
    </span>
  );
}

function LinkCell({ member }: { member: ReplicaMember }) {
  if (member.isRecognisedPrimary || member.linkUp === null) return <span className="text-zinc-400">—</span>;
  return member.linkUp ? <span className="text-green-400">up</span> : <span className="font-semibold text-red-400">down</span>;
}

function FollowingCell({ member, primaryId }: { member: ReplicaMember; primaryId: string | null }) {
  if (member.isRecognisedPrimary || member.role !== "replica") return <span className="text-zinc-400">—</span>;
  const wrong = primaryId !== null && member.following !== primaryId;
  if (!member.following) return <span className={wrong ? "font-medium text-red-300" : "text-zinc-400"}>nobody{wrong && " (should follow the primary)"}</span>;
  return (
    <span className="inline-flex flex-wrap items-center gap-1.5 whitespace-nowrap" data-wrong-follower={wrong ? "true" : "false"}>
      <Link prefetch={false} href={`/nodes/${encodeURIComponent(member.following)}`} className={`font-mono text-xs hover:underline ${wrong ? "text-red-300" : "text-sky-300"}`}>
        {member.following}
      </Link>
      {wrong && <span className="rounded bg-red-500/20 px-1.5 text-[10px] font-medium text-red-300 uppercase" title={`The recognised primary is ${primaryId}`}>wrong primary</span>}
    </span>
  );
}

function memberColumns(primaryId: string | null, chartedReplicas: readonly string[]): Column<ReplicaMember>[] {
  return [
    {
      key: "node",
      header: "Node",
      headerClassName: "w-[17%]",
      cell: (member) => {
        const chartIndex = chartedReplicas.indexOf(member.nodeId);
        return (
          <span className="inline-flex items-center gap-1.5">
            <span className="size-2 rounded-full" style={{ background: chartIndex >= 0 ? replicaColor(chartIndex) : "transparent" }} aria-hidden />
            <Link prefetch={false} href={`/nodes/${encodeURIComponent(member.nodeId)}`} className="font-mono text-xs text-sky-300 hover:underline">
              {member.nodeId}
            </Link>
            {!member.connected && <span className="text-[10px] text-zinc-400">(disconnected)</span>}
          </span>
        );
      },
    },
    { key: "role", header: "Role", headerClassName: "w-[16%]", cell: (member) => <RoleCell member={member} /> },
    { key: "state", header: "State", headerClassName: "w-[11%]", cell: (member) => <StateBadge state={member.state} /> },
    { key: "zone", header: "Zone", headerClassName: "w-[8%]", className: "text-xs text-zinc-400", cell: (member) => member.zone ?? "—" },
    { key: "offset", header: "Offset", align: "right", headerClassName: "w-[11%]", className: "font-mono text-xs text-zinc-300 tabular", cell: (member) => formatCount(member.offset) },
    {
      key: "offset-lag",
      header: "Offset lag",
      align: "right",
      headerClassName: "w-[10%] whitespace-nowrap",
      className: "font-mono text-xs tabular",
      cellProps: (member) => ({ className: (member.offsetLag ?? 0) > 0 ? "text-zinc-200" : "text-zinc-400" }),
      cell: (member) => (member.isRecognisedPrimary ? "—" : formatCount(member.offsetLag)),
    },
    {
      key: "lag",
      header: "Lag",
      align: "right",
      headerClassName: "w-[8%]",
      className: "text-xs whitespace-nowrap tabular",
      cellProps: (member) => ({ className: (member.lagMs ?? 0) > LAG_WARNING_MS ? "font-medium text-amber-300" : "text-zinc-300" }),
      cell: (member) => (member.isRecognisedPrimary ? "—" : formatMilliseconds(member.lagMs)),
    },
    { key: "link", header: "Link", headerClassName: "w-[6%]", className: "text-xs", cell: (member) => <LinkCell member={member} /> },
    { key: "follows", header: "Follows", className: "text-xs", cell: (member) => <FollowingCell member={member} primaryId={primaryId} /> },
  ];
}

/** Every member with its role, replication position and who it follows; the recognised primary first. */
export function ReplicaMembersTable({ members, primaryId, chartedReplicas }: ReplicaMembersTableProps) {
  // Fixed columns, so the cards' tables line up one under the other.
  return (
    <DataTable
      scrollX
      verticalAlign="middle"
      className="min-w-[760px] table-fixed"
      columns={memberColumns(primaryId, chartedReplicas)}
      rows={members}
      rowKey={(member) => member.nodeId}
      rowProps={(member) => ({ "data-member": member.nodeId, "data-role": member.role ?? "", className: member.isRecognisedPrimary ? "bg-sky-500/5" : undefined })}
    />
  );
}
