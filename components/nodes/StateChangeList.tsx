"use client";

import { ArrowRight } from "lucide-react";
import Link from "next/link";
import type { NodeEventView } from "@/lib/protocol/views";
import { formatPhi } from "@/components/ui/format";
import { RelativeTime } from "@/components/ui/RelativeTime";
import { StateBadge } from "./StateBadge";

type StateChangeListProps = {
  events: readonly NodeEventView[];
  /** On a node's own page the node id is redundant. */
  showNode?: boolean;
};

export function StateChangeList({ events, showNode = true }: StateChangeListProps) {
  return (
    <ol className="divide-y divide-zinc-800/70">
      {events.map((event) => (
        <li key={event.id} className="flex items-start gap-3 px-4 py-2.5 text-sm">
          <RelativeTime ts={event.at} className="w-20 shrink-0 pt-0.5 text-xs text-zinc-400 tabular" />
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
