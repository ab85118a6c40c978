"use client";

import { BellOff, Unplug } from "lucide-react";
import Link from "next/link";
import { Button } from "@/components/ui/Button";
import { alertDurationMs, chipLabels } from "@/components/alerts/alert-groups";
import { formatDateTime, formatDuration } from "@/components/ui/format";
import { RelativeTime } from "@/components/ui/RelativeTime";
import { severityStyle } from "@/components/incidents/incident-severity";
import type { AlertView } from "./alert-types";
import { LabelChip } from "./LabelChip";

type AlertRowProps = {
  alert: AlertView;
  now: number;
  /** Active silences muting it: shown, so nobody waits for a page that will not come. */
  silencedBy: readonly { id: string; comment: string; createdBy: string }[];
  canSilence: boolean;
  onSilence: (alert: AlertView) => void;
  /** The root cause it is collapsed under (e.g. `zone a partition`): its page is held back for that one. */
  heldBackBy?: string;
};

const LINKED_LABELS: Record<string, (value: string) => string> = {
  node: (value) => `/nodes/${encodeURIComponent(value)}`,
  group: (value) => `/replica-groups?group=${encodeURIComponent(value)}`,
  zone: (value) => `/nodes?zone=${encodeURIComponent(value)}`,
};

export function AlertRow({ alert, now, silencedBy, canSilence, onSilence, heldBackBy }: AlertRowProps) {
  const firing = alert.status === "firing";
  const style = severityStyle(alert.labels.severity ?? "info");
  const summary = alert.annotations.summary ?? alert.labels.alertname;
  const description = alert.annotations.description;
  const duration = formatDuration(alertDurationMs(alert, now));
  return (
    <li
      className={`flex flex-wrap items-start gap-x-4 gap-y-2 border-l-2 px-4 py-2.5 ${firing ? style.border : "border-transparent"}`}
      data-alert-fingerprint={alert.fingerprint}
      data-alert-status={alert.status}
      data-alert-node={alert.labels.node}
      data-alert-name={alert.labels.alertname}
    >
      <div className="min-w-0 flex-1 space-y-1.5">
        <div className="flex flex-wrap items-center gap-2">
          <span className={`text-sm ${firing ? "font-medium text-zinc-100" : "text-zinc-400"}`}>{summary}</span>
          {!firing && <span className="rounded bg-green-500/15 px-1.5 text-[11px] font-medium text-green-300">resolved</span>}
          {heldBackBy && firing && (
            <span
              className="inline-flex items-center gap-1 rounded bg-red-500/15 px-1.5 text-[11px] font-medium text-red-200"
              title={`Not paged on its own while the ${heldBackBy} fires: that alert's notification lists this node.`}
              data-testid="alert-inhibited"
            >
              <Unplug className="size-3" aria-hidden />
              under {heldBackBy}
            </span>
          )}
          {silencedBy.length > 0 && (
            <span
              className="inline-flex items-center gap-1 rounded bg-zinc-700/60 px-1.5 text-[11px] font-medium text-zinc-300"
              title={silencedBy.map((silence) => `${silence.createdBy}: ${silence.comment}`).join("\n")}
              data-testid="alert-silenced"
            >
              <BellOff className="size-3" aria-hidden />
              silenced
            </span>
          )}
        </div>
        {description && description !== summary && <p className="text-xs text-zinc-400">{description}</p>}
        <div className="flex flex-wrap gap-1">
          {chipLabels(alert.labels).map(([name, value]) => {
            const href = LINKED_LABELS[name]?.(value);
            const chip = <LabelChip name={name} value={value} />;
            return href ? (
              <Link key={name} prefetch={false} href={href} className="rounded hover:ring-1 hover:ring-sky-500/60" title={`Open ${name} ${value}`}>
                {chip}
              </Link>
            ) : (
              <span key={name}>{chip}</span>
            );
          })}
        </div>
      </div>
      <div className="flex shrink-0 items-center gap-4">
        <div className="text-right text-xs tabular">
          <div className="text-zinc-300" title={`Started ${formatDateTime(alert.startsAt)}`}>
            {firing ? `firing for ${duration}` : `fired for ${duration}`}
          </div>
          <div className="text-zinc-400">
            {firing ? <RelativeTime ts={alert.startsAt} now={now} prefix="since" /> : <RelativeTime ts={alert.endsAt} now={now} prefix="resolved" />}
          </div>
        </div>
        {canSilence && firing && silencedBy.length === 0 ? (
          <Button size="sm" variant="ghost" onClick={() => onSilence(alert)} aria-label={`Silence ${alert.labels.alertname} ${alert.labels.node ?? ""}`.trim()}>
            <BellOff className="size-3.5" aria-hidden />
            Silence…
          </Button>
        ) : (
          <span className="w-[5.5rem]" aria-hidden />
        )}
      </div>
    </li>
  );
}
