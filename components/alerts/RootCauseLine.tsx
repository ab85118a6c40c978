"use client";

import { ChevronDown, ChevronRight, Unplug } from "lucide-react";
import Link from "next/link";
import type { ReactNode } from "react";
import { RelativeTime } from "@/components/ui/RelativeTime";
import type { RootCauseAction } from "./alert-groups";

/** Node ids written out on the line itself; the rest are one click away on the Nodes page. */
const NODES_SHOWN = 12;

type RootCauseLineProps = {
  kind: "zone" | "monitor";
  zone: string | null;
  title: string;
  /** What Vigil is doing about it; null while the recovery status loads. */
  action: RootCauseAction | null;
  /** The Nodes page filtered to the cause (`/nodes?zone=…&state=down`). */
  nodesHref: string;
  nodes: readonly string[];
  nodeCount: number;
  since: number;
  /** `14 alerts held back`: what is collapsed under the line. */
  membersLabel: string;
  open: boolean;
  onToggle: () => void;
  children: ReactNode;
};

/**
 * One root cause, one line (issue #14): a partition with what it took down and what Vigil is
 * doing about it; the symptoms it explains fold under it, one click away, never hidden.
 */
export function RootCauseLine({ kind, zone, title, action, nodesHref, nodes, nodeCount, since, membersLabel, open, onToggle, children }: RootCauseLineProps) {
  const Chevron = open ? ChevronDown : ChevronRight;
  const listId = `root-cause-${zone ?? "monitor"}`;
  const shown = nodes.slice(0, NODES_SHOWN);
  return (
    <section className="overflow-hidden rounded-lg border border-red-500/60 bg-red-950/20" data-testid="root-cause" data-root-cause-kind={kind} data-zone={zone ?? ""}>
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1 px-4 py-2.5">
        <button type="button" onClick={onToggle} aria-expanded={open} aria-controls={listId} className="flex min-w-0 items-center gap-2 rounded text-left hover:text-white">
          <Chevron className="size-4 shrink-0 text-zinc-400" aria-hidden />
          <Unplug className="size-4 shrink-0 text-red-300" aria-hidden />
          <span className="text-sm font-semibold text-red-200" data-testid="root-cause-title">
            {title}
          </span>
        </button>
        {action && (
          <span className={`text-sm ${action.tone === "frozen" ? "text-sky-300" : "text-amber-300"}`} title={action.detail ?? undefined} data-testid="root-cause-action">
            — {action.text}
          </span>
        )}
        <span className="ml-auto flex items-center gap-3 text-xs tabular">
          <RelativeTime ts={since} prefix="since" className="text-zinc-300" />
          <span className="text-zinc-300">{membersLabel}</span>
          <Link prefetch={false} href={nodesHref} className="rounded px-1.5 py-0.5 font-medium text-sky-300 hover:bg-zinc-800 hover:text-sky-200" data-testid="root-cause-nodes">
            Show the {nodeCount} node{nodeCount === 1 ? "" : "s"} →
          </Link>
        </span>
      </div>
      {shown.length > 0 && (
        <p className="flex flex-wrap gap-x-2 gap-y-1 px-4 pb-2.5 pl-10 font-mono text-[11px] text-zinc-300">
          {shown.map((node) => (
            <Link key={node} prefetch={false} href={`/nodes/${encodeURIComponent(node)}`} className="rounded hover:text-sky-300 hover:underline">
              {node}
            </Link>
          ))}
          {nodes.length > shown.length && (
            <Link prefetch={false} href={nodesHref} className="text-zinc-400 hover:text-sky-300">
              and {nodes.length - shown.length} more
            </Link>
          )}
        </p>
      )}
      {open && (
        <div id={listId} className="border-t border-red-500/30 bg-zinc-950/40">
          {children}
        </div>
      )}
    </section>
  );
}
