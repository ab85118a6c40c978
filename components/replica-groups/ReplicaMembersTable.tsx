import Link from "next/link";
import { StateBadge } from "@/components/nodes/StateBadge";
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
      {mismatch && <span className="text-[11px] text-zinc-500">(declared {member.declaredRole})</span>}
    </span>
  );
}

function LinkCell({ member }: { member: ReplicaMember }) {
  if (member.isRecognisedPrimary || member.linkUp === null) return <span className="text-zinc-600">—</span>;
  return member.linkUp ? <span className="text-green-400">up</span> : <span className="font-semibold text-red-400">down</span>;
}

function FollowingCell({ member, primaryId }: { member: ReplicaMember; primaryId: string | null }) {
  if (member.isRecognisedPrimary || member.role !== "replica") return <span className="text-zinc-600">—</span>;
  const wrong = primaryId !== null && member.following !== primaryId;
  if (!member.following) return <span className={wrong ? "font-medium text-red-300" : "text-zinc-500"}>nobody{wrong && " (should follow the primary)"}</span>;
  return (
    <span className="inline-flex flex-wrap items-center gap-1.5 whitespace-nowrap" data-wrong-follower={wrong ? "true" : "false"}>
      <Link prefetch={false} href={`/nodes/${encodeURIComponent(member.following)}`} className={`font-mono text-xs hover:underline ${wrong ? "text-red-300" : "text-sky-300"}`}>
        {member.following}
      </Link>
      {wrong && <span className="rounded bg-red-500/20 px-1.5 text-[10px] font-medium text-red-300 uppercase" title={`The recognised primary is ${primaryId}`}>wrong primary</span>}
    </span>
  );
}

/** Every member with its role, replication position and who it follows; the recognised primary first. */
export function ReplicaMembersTable({ members, primaryId, chartedReplicas }: ReplicaMembersTableProps) {
  const cell = "px-2 py-1.5";
  return (
    <div className="overflow-x-auto">
      {/* Fixed columns, so the cards' tables line up one under the other. */}
      <table className="w-full min-w-[760px] table-fixed text-sm">
        <thead className="text-left text-[11px] tracking-wide text-zinc-500 uppercase">
          <tr className="border-b border-zinc-800">
            <th className={`${cell} w-[17%] pl-4 font-medium`}>Node</th>
            <th className={`${cell} w-[16%] font-medium`}>Role</th>
            <th className={`${cell} w-[11%] font-medium`}>State</th>
            <th className={`${cell} w-[8%] font-medium`}>Zone</th>
            <th className={`${cell} w-[11%] text-right font-medium`}>Offset</th>
            <th className={`${cell} w-[10%] text-right font-medium whitespace-nowrap`}>Offset lag</th>
            <th className={`${cell} w-[8%] text-right font-medium`}>Lag</th>
            <th className={`${cell} w-[6%] font-medium`}>Link</th>
            <th className={`${cell} pr-4 font-medium`}>Follows</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-800/60">
          {members.map((member) => {
            const chartIndex = chartedReplicas.indexOf(member.nodeId);
            return (
              <tr key={member.nodeId} data-member={member.nodeId} data-role={member.role ?? ""} className={member.isRecognisedPrimary ? "bg-sky-500/5" : undefined}>
                <td className={`${cell} pl-4`}>
                  <span className="inline-flex items-center gap-1.5">
                    <span className="size-2 rounded-full" style={{ background: chartIndex >= 0 ? replicaColor(chartIndex) : "transparent" }} aria-hidden />
                    <Link prefetch={false} href={`/nodes/${encodeURIComponent(member.nodeId)}`} className="font-mono text-xs text-sky-300 hover:underline">
                      {member.nodeId}
                    </Link>
                    {!member.connected && <span className="text-[10px] text-zinc-500">(disconnected)</span>}
                  </span>
                </td>
                <td className={cell}>
                  <RoleCell member={member} />
                </td>
                <td className={cell}>
                  <StateBadge state={member.state} />
                </td>
                <td className={`${cell} text-xs text-zinc-400`}>{member.zone ?? "—"}</td>
                <td className={`${cell} text-right font-mono text-xs text-zinc-300 tabular`}>{formatCount(member.offset)}</td>
                <td className={`${cell} text-right font-mono text-xs tabular ${(member.offsetLag ?? 0) > 0 ? "text-zinc-200" : "text-zinc-500"}`}>
                  {member.isRecognisedPrimary ? "—" : formatCount(member.offsetLag)}
                </td>
                <td className={`${cell} text-right text-xs whitespace-nowrap tabular ${(member.lagMs ?? 0) > LAG_WARNING_MS ? "font-medium text-amber-300" : "text-zinc-300"}`}>
                  {member.isRecognisedPrimary ? "—" : formatMilliseconds(member.lagMs)}
                </td>
                <td className={`${cell} text-xs`}>
                  <LinkCell member={member} />
                </td>
                <td className={`${cell} pr-4 text-xs`}>
                  <FollowingCell member={member} primaryId={primaryId} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
