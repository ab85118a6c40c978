import Link from "next/link";
import type { NodeView } from "@/lib/protocol/views";
import { Panel } from "@/components/ui/Panel";
import { formatCount, formatDuration, formatMilliseconds } from "@/components/ui/format";

/** Lag past this is worth colouring; the server's incident rules decide what is actually wrong. */
const LAG_WARNING_MS = 5_000;

export function ReplicationPanel({ node }: { node: NodeView }) {
  const replication = node.replication;
  return (
    <Panel title="Replication">
      {!replication ? (
        <p className="text-sm text-zinc-400">
          {node.group ? "No replication status reported yet." : "This node is not in a replica group."}
        </p>
      ) : (
        <dl className="grid grid-cols-2 gap-x-6 gap-y-3 text-sm">
          <div>
            <dt className="text-xs text-zinc-400">Role</dt>
            <dd className={replication.role === "primary" ? "font-semibold text-zinc-100" : "text-zinc-200"}>{replication.role}</dd>
          </div>
          <div>
            <dt className="text-xs text-zinc-400">Link</dt>
            <dd className={replication.linkUp ? "text-green-400" : "font-semibold text-red-400"}>{replication.linkUp ? "up" : "down"}</dd>
          </div>
          <div>
            <dt className="text-xs text-zinc-400">Offset</dt>
            <dd className="font-mono text-zinc-200 tabular">{formatCount(replication.offset)}</dd>
          </div>
          <div>
            <dt className="text-xs text-zinc-400">Lag</dt>
            <dd className={`tabular ${replication.lagMs > LAG_WARNING_MS ? "text-amber-300" : "text-zinc-200"}`} title={formatDuration(replication.lagMs)}>
              {formatMilliseconds(replication.lagMs)}
            </dd>
          </div>
          <div className="col-span-2">
            <dt className="text-xs text-zinc-400">Following</dt>
            <dd className="text-zinc-200">
              {replication.following ? (
                <Link href={`/nodes/${encodeURIComponent(replication.following)}`} className="font-mono text-sky-300 hover:underline">
                  {replication.following}
                </Link>
              ) : (
                "—"
              )}
            </dd>
          </div>
        </dl>
      )}
    </Panel>
  );
}
