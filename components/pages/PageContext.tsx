"use client";

import type { PageAlert, PageView } from "@/lib/protocol/api/pages";
import { LabelChip } from "@/components/alerts/LabelChip";
import { RelativeTime } from "@/components/ui/RelativeTime";
import { formatDateTime } from "@/components/ui/format";

type PageRecovery = NonNullable<PageView["recovery"]>;

const RECOVERY_TONE: Record<string, string> = {
  running: "border-sky-700/60 bg-sky-950/40 text-sky-200",
  "awaiting-approval": "border-amber-700/60 bg-amber-950/30 text-amber-200",
  succeeded: "border-emerald-700/60 bg-emerald-950/30 text-emerald-200",
};

/** What Vigil's own recovery of the subject is doing, and its steps so far (detection → … → first write). */
export function PageRecoveryPanel({ recovery }: { recovery: PageRecovery }) {
  const tone = RECOVERY_TONE[recovery.state] ?? "border-red-700/60 bg-red-950/30 text-red-200";
  return (
    <section className={`space-y-2 rounded-md border p-4 text-sm ${tone}`} data-testid="page-recovery" data-state={recovery.state}>
      <h2 className="font-semibold">Vigil&apos;s recovery: {recovery.state.replaceAll("-", " ")}</h2>
      <p>{recovery.summary}</p>
      {recovery.timeline.length > 0 && (
        <ol className="flex flex-wrap gap-x-4 gap-y-1 text-xs">
          {recovery.timeline.map((step) => (
            <li key={step.step}>
              <span className="font-medium">{step.step}</span> <span className="opacity-80">{formatDateTime(step.at)}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/** The alerts the page was last told about: what fires, on what, since when, and what it says. */
export function PageAlerts({ alerts, now }: { alerts: readonly PageAlert[]; now: number }) {
  if (alerts.length === 0) return null;
  return (
    <section>
      <h2 className="mb-2 text-sm font-semibold text-zinc-300">Alerts ({alerts.length})</h2>
      <ul className="space-y-2" data-testid="page-alerts">
        {alerts.map((alert, i) => (
          <li key={i} className="space-y-1 rounded-md border border-zinc-800 bg-zinc-900/40 px-3 py-2 text-sm">
            <div className="flex flex-wrap items-center gap-2">
              <span className={alert.status === "firing" ? "font-medium text-red-300" : "text-zinc-400"}>{alert.status}</span>
              <span className="text-xs text-zinc-500" title={formatDateTime(alert.startsAt)}>
                since <RelativeTime ts={alert.startsAt} now={now} />
              </span>
            </div>
            {(alert.annotations.summary || alert.annotations.description) && <p className="text-zinc-300">{alert.annotations.summary ?? alert.annotations.description}</p>}
            <div className="flex flex-wrap gap-1">
              {Object.entries(alert.labels).map(([name, value]) => (
                <LabelChip key={name} name={name} value={value} />
              ))}
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
