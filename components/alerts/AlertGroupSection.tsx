"use client";

import { ChevronDown, ChevronRight } from "lucide-react";
import type { AlertNameGroup } from "@/components/alerts/alert-groups";
import { severityStyle } from "@/components/incidents/incident-severity";
import type { AlertView, SilenceView } from "./alert-types";
import { AlertRow } from "./AlertRow";
import { AlertSeverityBadge } from "./AlertSeverityBadge";

type AlertGroupSectionProps = {
  group: AlertNameGroup<AlertView>;
  open: boolean;
  onToggle: (alertname: string) => void;
  now: number;
  silencesFor: (alert: AlertView) => SilenceView[];
  canSilence: boolean;
  onSilence: (alert: AlertView) => void;
};

/** One alertname: a header with counts that folds its alerts away. */
export function AlertGroupSection({ group, open, onToggle, now, silencesFor, canSilence, onSilence }: AlertGroupSectionProps) {
  const Chevron = open ? ChevronDown : ChevronRight;
  const style = severityStyle(group.worstSeverity);
  const listId = `alert-group-${group.alertname}`;
  return (
    <section
      className={`overflow-hidden rounded-lg border bg-zinc-900/60 ${group.firing > 0 ? style.border : "border-zinc-800"}`}
      data-alert-group={group.alertname}
      data-firing={group.firing}
    >
      <button
        type="button"
        onClick={() => onToggle(group.alertname)}
        aria-expanded={open}
        aria-controls={listId}
        className="flex w-full items-center gap-3 px-4 py-2.5 text-left hover:bg-zinc-800/40"
      >
        <Chevron className="size-4 shrink-0 text-zinc-400" aria-hidden />
        <span className="font-mono text-sm font-semibold text-zinc-100">{group.alertname}</span>
        <AlertSeverityBadge severity={group.worstSeverity} />
        <span className="ml-auto flex items-center gap-3 text-xs tabular">
          {group.firing > 0 && <span className={style.text}>{group.firing} firing</span>}
          {group.resolved > 0 && <span className="text-zinc-400">{group.resolved} resolved</span>}
        </span>
      </button>
      {open && (
        <ul id={listId} className="divide-y divide-zinc-800/70 border-t border-zinc-800">
          {group.alerts.map((alert) => (
            <AlertRow key={alert.fingerprint} alert={alert} now={now} silencedBy={silencesFor(alert)} canSilence={canSilence} onSilence={onSilence} />
          ))}
        </ul>
      )}
    </section>
  );
}
