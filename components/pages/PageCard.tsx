"use client";

import Link from "next/link";
import type { PageDetail, PageView } from "@/lib/protocol/api/pages";
import { RelativeTime } from "@/components/ui/RelativeTime";
import { PageActions } from "./PageActions";
import { PageStatusBadge } from "./PageStatusBadge";
import { AlertSeverityBadge } from "@/components/alerts/AlertSeverityBadge";
import { escalationText, heldText, routeText, STATUS_TONE } from "./page-view";

/** One page in the list: what, its state, when it escalates or why it is held, who has it. */
export function PageCard({ page, now, onChanged }: { page: PageView; now: number; onChanged: (detail: PageDetail) => void }) {
  const escalation = escalationText(page, now);
  const held = heldText(page, now);
  return (
    <li className={`rounded-md border border-zinc-800 border-l-4 bg-zinc-900/60 px-4 py-3 ${STATUS_TONE[page.status].border}`} data-testid="page-card" data-page-id={page.id} data-status={page.status}>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0 space-y-1">
          <div className="flex flex-wrap items-center gap-2">
            <PageStatusBadge status={page.status} />
            <AlertSeverityBadge severity={page.severity} />
            <Link href={`/pages/${encodeURIComponent(page.id)}`} className="truncate font-medium text-zinc-100 hover:text-sky-300">
              {page.title}
            </Link>
          </div>
          <p className="flex flex-wrap gap-x-3 text-xs text-zinc-400">
            <span data-testid="page-route">{routeText(page)}</span>
            <span>
              opened <RelativeTime ts={page.openedAt} now={now} />
            </span>
            {page.routeKind === "policy" && <span>step {page.step}{page.cycle > 0 ? ` (repeat ${page.cycle})` : ""}</span>}
            {escalation && <span className="font-medium text-red-300" data-testid="page-escalation">{escalation}</span>}
            {held && <span className="text-amber-300" data-testid="page-held">{held}</span>}
            {page.status === "acknowledged" && <span className="text-amber-300">acknowledged by {page.acknowledgedBy ?? "someone"}</span>}
            {page.status === "resolved" && <span>{page.resolution ?? "resolved"}</span>}
          </p>
        </div>
        <PageActions page={page} onChanged={onChanged} />
      </div>
    </li>
  );
}
