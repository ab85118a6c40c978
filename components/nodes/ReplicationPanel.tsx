import Link from "next/link";
import type { NodeView } from "@/lib/protocol/views";
import { Panel } from "@/components/ui/Panel";
import { RelativeTime } from "@/components/ui/RelativeTime";
import { formatCount, formatDuration, formatMilliseconds } from "@/components/ui/format";
import { isLive } from "@/lib/recovery/service-health";

/** Lag past this is worth colouring; the server's incident rules decide what is actually wrong. */
const LAG_WARNING_MS = 5_000;

/**
 * A silent node's last report is not its present: "link up, lag 0 ms, primary" on a down node
 * is what it said before it went quiet. Shown greyed, without colours, with its time.
 */
export function ReplicationPanel({ node }: { node: NodeView }) {
  const replication = node.replication;
  const lastKnown = !isLive(node.state);
  const tone = (live: string) => (lastKnown ? "text-zinc-400 italic" : live);
  return (
    <Panel
      title="Replication"
      actions={lastKnown && replication ? <RelativeTime ts={node.lastHeartbeatAt} prefix="last known" className="text-zinc-300" /> : undefined}
    >
      {!replication ? (
        <p className="text-sm text-zinc-400">
          {node.group ? "No replication status reported yet." : "This node is not in a replica group."}
        </p>
      ) : (
        <dl className="grid grid-cols-2 gap-x-6 gap-y-3 text-sm" data-testid="replication-facts" data-last-known={lastKnown ? "true" : undefined}>
          <div>
            <dt className="text-xs text-zinc-400">Role</dt>
            <dd className={tone(replication.role === "primary" ? "font-semibold text-zinc-100" : "text-zinc-200")}>
              {replication.role}
              {lastKnown && " (was)"}
            </dd>
          </div>
          <div>
            <dt className="text-xs text-zinc-400">Link</dt>
            <dd className={tone(replication.linkUp ? "text-green-400" : "font-semibold text-red-400")}>
              {lastKnown ? `${replication.linkUp ? "up" : "down"} (was)` : replication.linkUp ? "up" : "down"}
            </dd>
          </div>
          <div>
            <dt className="text-xs text-zinc-400">Offset</dt>
            <dd className={`font-mono tabular ${tone("text-zinc-200")}`}>{formatCount(replication.offset)}</dd>
          </div>
          <div>
            <dt className="text-xs text-zinc-400">Lag</dt>
            <dd className={`tabular ${tone(replication.lagMs > LAG_WARNING_MS ? "text-amber-300" : "text-zinc-200")}`} title={formatDuration(replication.lagMs)}>
              {formatMilliseconds(replication.lagMs)}
              {lastKnown && " (was)"}
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
