"use client";

import { Plus } from "lucide-react";
import { useMemo, useState } from "react";
import { hasRole, useCurrentUser } from "@/components/layout/CurrentUserProvider";
import { apiFetch } from "@/components/live/api-client";
import { useApiResource } from "@/components/live/use-api-resource";
import { useNow } from "@/components/live/use-now";
import { usePageVisible } from "@/components/live/use-page-visible";
import { Button } from "@/components/ui/Button";
import { ConfirmDialog } from "@/components/ui/ConfirmDialog";
import { EmptyState } from "@/components/ui/EmptyState";
import { ErrorState } from "@/components/ui/ErrorState";
import { LoadingState } from "@/components/ui/LoadingState";
import { Panel } from "@/components/ui/Panel";
import { formatDateTime } from "@/components/ui/format";
import { maintenanceWindowActive, nextOccurrences, NO_END, type MaintenanceWindow } from "@/lib/alerts/maintenance";
import { describeRecurrence } from "./maintenance-form";
import { MaintenanceFormModal } from "./MaintenanceFormModal";

/** Windows change only by hand, like silences. */
const MAINTENANCE_POLL_MS = 10_000;

type Row = { window: MaintenanceWindow; active: boolean; next: { start: number; end: number } | null; over: boolean };

const targetText = (window: MaintenanceWindow) => ("node" in window.target ? `node ${window.target.node}` : `group ${window.target.group}`);

/** Maintenance windows on the Silences page: which mute and pause recovery now, what comes next, ending one. */
export function MaintenanceWindows() {
  const canEdit = hasRole(useCurrentUser(), "operator");
  const visible = usePageVisible();
  const windows = useApiResource<{ items: MaintenanceWindow[] }>("/api/v1/maintenance", { refreshMs: visible ? MAINTENANCE_POLL_MS : undefined, keepPreviousData: true });
  const now = useNow(1000);
  const [creating, setCreating] = useState(false);
  const [ending, setEnding] = useState<MaintenanceWindow | null>(null);

  const rows = useMemo(() => {
    const all: Row[] = (windows.data?.items ?? []).map((window) => {
      const active = maintenanceWindowActive(window, now);
      const next = nextOccurrences(window, now, active ? 2 : 1).find((occurrence) => occurrence.start > now) ?? null;
      return { window, active, next, over: !active && next === null };
    });
    // Active first, then upcoming by their next start, then the ended (most recent few).
    const rank = (row: Row) => (row.active ? 0 : row.over ? 2 : 1);
    return all.sort((a, b) => rank(a) - rank(b) || (a.next?.start ?? 0) - (b.next?.start ?? 0) || b.window.endsAt - a.window.endsAt).filter((row, index, list) => !row.over || index < list.findIndex((r) => r.over) + 5);
  }, [windows.data, now]);

  const body = (() => {
    if (!windows.data) return windows.error ? <ErrorState message={windows.error} onRetry={windows.reload} className="h-32" /> : <LoadingState label="Loading maintenance windows…" className="h-32" />;
    if (rows.length === 0) {
      return (
        <EmptyState title="No maintenance windows" className="h-32">
          A window mutes a node&apos;s or group&apos;s alerts and pauses its recovery while someone works on it.
        </EmptyState>
      );
    }
    return (
      <ul className="divide-y divide-zinc-800">
        {rows.map(({ window, active, next, over }) => (
          <li key={window.id} className={`flex flex-wrap items-center gap-3 border-l-2 px-4 py-3 text-sm ${active ? "border-amber-500 bg-amber-500/5" : "border-transparent"} ${over ? "opacity-60" : ""}`}>
            <div className="min-w-0 flex-1">
              <div className="flex flex-wrap items-center gap-2">
                <span className="font-mono text-zinc-100">{targetText(window)}</span>
                <span className="text-xs text-zinc-400">{describeRecurrence(window)}</span>
              </div>
              <div className="mt-0.5 text-xs text-zinc-400">{window.comment}</div>
            </div>
            <div className="text-xs tabular">
              {active && <span className="rounded bg-amber-500/15 px-2 py-0.5 font-medium text-amber-300">active now — alerts muted, recovery paused</span>}
              {!active && next && <span className="text-zinc-300">next {formatDateTime(next.start)} → {formatDateTime(next.end)}</span>}
              {over && <span className="text-zinc-500">ended {window.endsAt < now ? formatDateTime(window.endsAt) : ""}</span>}
              {!over && window.recurrence && <div className="mt-0.5 text-zinc-500">{window.endsAt === NO_END ? "until ended" : `until ${formatDateTime(window.endsAt)}`}</div>}
            </div>
            {canEdit && !over && (
              <Button size="sm" variant="secondary" onClick={() => setEnding(window)}>
                End
              </Button>
            )}
          </li>
        ))}
      </ul>
    );
  })();

  return (
    <>
      <Panel
        title="Maintenance windows"
        actions={
          canEdit && (
            <Button size="sm" variant="primary" onClick={() => setCreating(true)}>
              <Plus className="size-4" aria-hidden />
              New window
            </Button>
          )
        }
        bodyClassName="p-0"
      >
        {body}
      </Panel>
      <MaintenanceFormModal open={creating} onClose={() => setCreating(false)} onCreated={() => windows.reload()} />
      <ConfirmDialog
        open={ending !== null}
        title="End maintenance window"
        confirmLabel="End now"
        onClose={() => setEnding(null)}
        onConfirm={async () => {
          if (!ending) return;
          await apiFetch(`/api/v1/maintenance/${encodeURIComponent(ending.id)}`, { method: "DELETE" });
          windows.reload();
        }}
      >
        End the window on <span className="font-mono text-zinc-100">{ending ? targetText(ending) : ""}</span> now{ending?.recurrence ? ", with all its future occurrences" : ""}? Its alerts notify again and
        recovery resumes.
      </ConfirmDialog>
    </>
  );
}
