"use client";

import Link from "next/link";
import { ErrorState } from "@/components/ui/ErrorState";
import { LoadingState } from "@/components/ui/LoadingState";
import { RelativeTime } from "@/components/ui/RelativeTime";
import { formatDateTime } from "@/components/ui/format";
import { PageActions } from "./PageActions";
import { PageStatusBadge } from "./PageStatusBadge";
import { AlertSeverityBadge } from "@/components/alerts/AlertSeverityBadge";
import { PageAlerts, PageRecoveryPanel } from "./PageContext";
import { escalationText, eventKindShown, eventTone, heldText, routeText } from "./page-view";
import { useNow, usePage } from "./use-pages";

/** One page and its timeline: opened, notified X via Y, escalated, held, acknowledged by … via link, resolved. */
export function PageDetailView({ id }: { id: string }) {
  const detail = usePage(id);
  const now = useNow();
  if (detail.errorStatus === 404) return <ErrorState title="No such page" message={`There is no page ${id}.`} />;
  if (detail.error && !detail.data) return <ErrorState message={detail.error} onRetry={detail.reload} />;
  if (!detail.data) return <LoadingState />;
  const { page, alerts, events } = detail.data;
  const escalation = escalationText(page, now);
  const held = heldText(page, now);
  return (
    <div className="space-y-5 p-6">
      <Link href="/pages" className="text-sm text-sky-400 hover:text-sky-300">
        ← All pages
      </Link>
      <div className="space-y-2 rounded-md border border-zinc-800 bg-zinc-900/60 p-4">
        <div className="flex flex-wrap items-center gap-2">
          <PageStatusBadge status={page.status} />
          <AlertSeverityBadge severity={page.severity} />
          <h1 className="text-lg font-semibold text-zinc-50">{page.title}</h1>
        </div>
        <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
          <dt className="text-zinc-500">Paged by</dt>
          <dd className="text-zinc-300" data-testid="page-route">
            {page.routeKind === "policy" && page.routeName ? (
              <Link href="/escalation" className="text-sky-400 hover:text-sky-300">
                {routeText(page)}
              </Link>
            ) : (
              routeText(page)
            )}
          </dd>
          <dt className="text-zinc-500">Opened</dt>
          <dd className="text-zinc-300">
            <RelativeTime ts={page.openedAt} now={now} />
          </dd>
          {page.routeKind === "policy" && (
            <>
              <dt className="text-zinc-500">Step</dt>
              <dd className="text-zinc-300">
                {page.step}
                {page.cycle > 0 ? ` (repeat ${page.cycle})` : ""}
              </dd>
            </>
          )}
          {escalation && (
            <>
              <dt className="text-zinc-500">Next</dt>
              <dd className="font-medium text-red-300">{escalation}</dd>
            </>
          )}
          {held && (
            <>
              <dt className="text-zinc-500">Held</dt>
              <dd className="text-amber-300">{held}</dd>
            </>
          )}
          {page.acknowledgedBy && (
            <>
              <dt className="text-zinc-500">Acknowledged</dt>
              <dd className="text-amber-300">by {page.acknowledgedBy}</dd>
            </>
          )}
          {page.status === "resolved" && (
            <>
              <dt className="text-zinc-500">Resolved</dt>
              <dd className="text-zinc-300">{page.resolution ?? "resolved"}</dd>
            </>
          )}
          {page.incidentId !== null && (
            <>
              <dt className="text-zinc-500">Incident</dt>
              <dd>
                <Link href={`/incidents?incident=${page.incidentId}`} className="text-sky-400 hover:text-sky-300">
                  #{page.incidentId}
                </Link>
              </dd>
            </>
          )}
        </dl>
        <PageActions page={page} size="md" onChanged={(changed) => detail.setData(changed)} />
      </div>
      {page.recovery && <PageRecoveryPanel recovery={page.recovery} />}
      <PageAlerts alerts={alerts} now={now} />
      <section>
        <h2 className="mb-2 text-sm font-semibold text-zinc-300">Timeline</h2>
        {events.length === 0 ? (
          <p className="text-sm text-zinc-500">Nothing recorded yet.</p>
        ) : (
          <ol className="space-y-2 border-l border-zinc-800 pl-4" data-testid="page-timeline">
            {events.map((event) => (
              <li key={event.id} className="relative text-sm">
                <span className={`absolute -left-[21px] top-1.5 size-2 rounded-full ${eventTone(event.kind)}`} aria-hidden />
                <span className="text-zinc-500" title={formatDateTime(event.at)}>
                  <RelativeTime ts={event.at} now={now} />
                </span>{" "}
                {eventKindShown(event) && <span className="font-medium text-zinc-200">{event.kind} </span>}
                <span className="text-zinc-300">{event.message}</span>
              </li>
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}
