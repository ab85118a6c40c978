"use client";

import { hasRole, useCurrentUser } from "@/components/layout/CurrentUserProvider";
import { PageHeader } from "@/components/layout/PageHeader";
import { useNow } from "@/components/live/use-now";
import { EmptyState } from "@/components/ui/EmptyState";
import { ErrorState } from "@/components/ui/ErrorState";
import { LoadingState } from "@/components/ui/LoadingState";
import { Panel } from "@/components/ui/Panel";
import Link from "next/link";
import { useState } from "react";
import { Button } from "@/components/ui/Button";
import { useApiResource } from "@/components/live/use-api-resource";
import type { ScheduleView } from "@/lib/protocol/api/paging";
import type { UserView } from "@/lib/protocol/api/users";
import { localTime, untilText, zonedTime } from "./format";
import { OverrideForm } from "./OverrideForm";
import { ScheduleEditor } from "./ScheduleEditor";
import { ShiftTimeline } from "./ShiftTimeline";
import { useOnCall } from "./use-on-call";

export function OnCallPage() {
  const user = useCurrentUser();
  const canOverride = hasRole(user, "operator");
  const isAdmin = hasRole(user, "admin");
  const { onCall, schedules } = useOnCall();
  const allUsers = useApiResource<{ items: UserView[] }>(isAdmin ? "/api/v1/users" : null);
  const [editing, setEditing] = useState<ScheduleView | "new" | null>(null);
  const now = useNow(30_000);

  const people = allUsers.data ? allUsers.data.items.map((u) => ({ id: u.id, name: u.name ?? u.email })) : [...(onCall.data?.users ?? [])];
  if (!people.some((p) => p.id === user.id)) people.unshift({ id: user.id, name: user.name ?? user.email });
  const reloadAll = () => {
    onCall.reload();
    schedules.reload();
  };

  const current = (() => {
    if (!onCall.data) return onCall.error ? <ErrorState message={onCall.error} onRetry={onCall.reload} className="h-32" /> : <LoadingState label="Loading who is on call…" className="h-32" />;
    if (onCall.data.items.length === 0) return <EmptyState title="No on-call schedule yet">{isAdmin ? "Create one with “New schedule”." : "An admin creates schedules here or with the API (docs/on-call.md)."}</EmptyState>;
    return (
      <ul className="grid gap-3 md:grid-cols-2 xl:grid-cols-3">
        {onCall.data.items.map((item) => (
          <li key={item.scheduleId} className="rounded-md border border-zinc-800 bg-zinc-900/60 p-3">
            <div className="flex items-baseline justify-between gap-2">
              <span className="font-medium text-zinc-100">{item.scheduleName}</span>
              <span className="flex items-center gap-2 text-xs text-zinc-500">
                {item.timeZone}
                {isAdmin && (
                  <Button size="sm" variant="ghost" onClick={() => setEditing(schedules.data?.items.find((s) => s.id === item.scheduleId) ?? null)} aria-label={`Edit schedule ${item.scheduleName}`}>
                    Edit
                  </Button>
                )}
              </span>
            </div>
            {item.current ? (
              <p className="mt-2 text-sm text-zinc-200">
                <span className="text-lg font-semibold text-emerald-300">{item.current.userName}</span>
                {item.current.overrideId && <span className="ml-2 rounded bg-amber-500/15 px-1.5 py-0.5 text-xs text-amber-300 ring-1 ring-amber-500/40">override</span>}
                <span className="block text-xs text-zinc-400">
                  until {zonedTime(item.current.endsAt, item.timeZone)} ({untilText(item.current.endsAt, now)})
                </span>
                <span className="block text-xs text-zinc-500">your time: {localTime(item.current.endsAt)}</span>
              </p>
            ) : (
              <p className="mt-2 text-sm font-medium text-red-300">Nobody is on call: pages to this schedule reach no one.</p>
            )}
            <p className="mt-2 text-xs text-zinc-400">
              Next: {item.next ? `${item.next.userName} from ${zonedTime(item.next.startsAt, item.timeZone)} (your time ${localTime(item.next.startsAt)})` : "nobody within 60 days"}
            </p>
          </li>
        ))}
      </ul>
    );
  })();

  return (
    <>
      <PageHeader title="On call" subtitle="Who is paged now and until when (in the schedule's zone and yours), who is next, and the next 14 days of shifts. Refreshes every 30 s." />
      <div className="flex flex-col gap-4 p-6">
        <Panel
          title="On call now"
          actions={
            isAdmin && (
              <Button size="sm" variant="primary" onClick={() => setEditing("new")}>
                New schedule
              </Button>
            )
          }
        >
          {current}
        </Panel>
        <Panel title="Next 14 days">
          {onCall.data && onCall.data.items.length > 0 ? (
            <div className="flex flex-col gap-4">
              {onCall.data.items.map((item) => (
                <div key={item.scheduleId}>
                  <p className="mb-1 text-sm text-zinc-300">{item.scheduleName}</p>
                  {item.shifts.length ? <ShiftTimeline item={item} now={onCall.data?.now ?? now} /> : <p className="text-sm text-red-300">Nobody on call in the next 14 days.</p>}
                </div>
              ))}
              <p className="text-xs text-zinc-500">Outlined, striped bars are overrides.</p>
            </div>
          ) : (
            <EmptyState title="No shifts to show" className="h-24" />
          )}
        </Panel>
        {canOverride && (
          <Panel title="Add an override">
            <OverrideForm schedules={(onCall.data?.items ?? []).map((i) => ({ id: i.scheduleId, name: i.scheduleName }))} people={people} selfId={user.id} onCreated={reloadAll} />
          </Panel>
        )}
        <p className="text-sm text-zinc-400">
          Which alerts page these schedules, and who is paged next while nobody acknowledges:{" "}
          <Link href="/escalation" className="text-sky-300 underline-offset-2 hover:underline">
            escalation policies
          </Link>
          . Your own contact methods are on{" "}
          <Link href="/settings" className="text-sky-300 underline-offset-2 hover:underline">
            Settings
          </Link>
          .
        </p>
      </div>
      {editing && <ScheduleEditor schedule={editing === "new" ? null : editing} people={people} onClose={() => setEditing(null)} onSaved={reloadAll} />}
    </>
  );
}
