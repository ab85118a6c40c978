"use client";

import { ArrowRight } from "lucide-react";
import Link from "next/link";
import type { NodeEventView } from "@/lib/protocol/views";
import { useNow } from "@/components/live/use-now";
import { formatClock, formatPhi, formatRelativeTime } from "@/components/ui/format";
import { StateBadge } from "./StateBadge";

type StateChangeListProps = {
  events: readonly NodeEventView[];
  /** On a node's own page the node id is redundant. */
  showNode?: boolean;
};

export function StateChangeList({ events, showNode = true }: StateChangeListProps) {
  const now = useNow(5000);
  return (
    <ol className="divide-y divide-zinc-800/70">
      {events.map((event) => (
        <li key={event.id} className="flex items-start gap-3 px-4 py-2.5 text-sm">
          <time
            dateTime={new Date(event.at).toISOString()}
            className="w-16 shrink-0 pt-0.5 text-xs text-zinc-400 tabular"
            title={formatRelativeTime(event.at, now)}
          >
            {formatClock(event.at)}
          </time>
          <div className="min-w-0 flex-1">
            <div className="flex flex-wrap items-center gap-1.5">
              {showNode && (
                <Link prefetch={false} href={`/nodes/${encodeURIComponent(event.nodeId)}`} className="mr-1 font-mono text-xs text-sky-300 hover:underline">
                  {event.nodeId}
                </Link>
              )}
              <StateBadge state={event.from} />
              <ArrowRight className="size-3 text-zinc-400" aria-hidden />
              <StateBadge state={event.to} />
              {event.phi !== null && <span className="text-xs text-zinc-400 tabular">φ {formatPhi(event.phi)}</span>}
            </div>
            <p className="mt-0.5 truncate text-xs text-zinc-400" title={event.reason}>
              {event.reason}
            </p>
          </div>
        </li>
      ))}
    </ol>
  );
}
