"use client";

import { TimerOff } from "lucide-react";
import { Button } from "@/components/ui/Button";
import { DataTable, type Column } from "@/components/ui/DataTable";
import { countMatching, matcherOperator, matcherValueProblem } from "@/components/alerts/alert-matchers";
import { formatDateTime, formatDuration, formatRelativeTime } from "@/components/ui/format";
import type { AlertView, SilenceState, SilenceView } from "./alert-types";
import { LabelChip } from "./LabelChip";

type SilencesTableProps = {
  silences: readonly SilenceView[];
  state: SilenceState;
  firingAlerts: readonly AlertView[] | null;
  now: number;
  canExpire: boolean;
  onExpire: (silence: SilenceView) => void;
};

function When({ silence, state, now }: { silence: SilenceView; state: SilenceState; now: number }) {
  if (state === "pending") {
    return (
      <span title={`${formatDateTime(silence.startsAt)} → ${formatDateTime(silence.endsAt)}`}>
        starts {formatRelativeTime(silence.startsAt, now)}
        <span className="block text-zinc-400">for {formatDuration(silence.endsAt - silence.startsAt)}</span>
      </span>
    );
  }
  if (state === "active") {
    return (
      <span title={`Until ${formatDateTime(silence.endsAt)}`}>
        until {formatDateTime(silence.endsAt).slice(5, 16)}
        <span className="block text-zinc-400">{formatDuration(silence.endsAt - now)} left</span>
      </span>
    );
  }
  return (
    <span title={`${formatDateTime(silence.startsAt)} → ${formatDateTime(silence.endsAt)}`}>
      ended {formatRelativeTime(silence.endsAt, now)}
      <span className="block text-zinc-400">lasted {formatDuration(silence.endsAt - silence.startsAt)}</span>
    </span>
  );
}

function silenceColumns({ state, firingAlerts, now, canExpire, onExpire }: Omit<SilencesTableProps, "silences">): (Column<SilenceView> | false)[] {
  return [
    {
      key: "matchers",
      header: "Matchers",
      cell: (silence) => (
        <div className="flex max-w-md flex-wrap gap-1">
          {silence.matchers.map((matcher, index) => (
            <LabelChip key={index} name={matcher.name} operator={matcherOperator(matcher)} value={matcher.value} tone={state === "expired" ? "muted" : "default"} />
          ))}
          {/* Saved before RE2 was required: the server keeps it, but it mutes nothing. */}
          {silence.matchers.some((matcher) => matcherValueProblem(matcher) !== null) && (
            <span className="text-xs text-red-300" role="note">
              A regex is not RE2: this silence mutes nothing.
            </span>
          )}
        </div>
      ),
    },
    state !== "expired" && {
      key: "mutes",
      header: "Mutes now",
      align: "right",
      headerClassName: "whitespace-nowrap",
      className: "tabular",
      cellProps: () => ({ title: "Firing alerts these matchers match right now" }),
      cell: (silence) => {
        const muted = firingAlerts ? countMatching(silence.matchers, firingAlerts) : null;
        return muted === null ? "…" : <span className={muted > 0 ? "text-zinc-100" : "text-zinc-400"}>{muted}</span>;
      },
    },
    { key: "why", header: "Why", className: "max-w-sm break-words", cell: (silence) => silence.comment },
    { key: "by", header: "By", className: "whitespace-nowrap text-zinc-400", cell: (silence) => silence.createdBy },
    { key: "when", header: "When", className: "text-xs whitespace-nowrap tabular", cell: (silence) => <When silence={silence} state={state} now={now} /> },
    {
      key: "actions",
      header: null,
      srHeader: "Actions",
      align: "right",
      cell: (silence) =>
        canExpire &&
        state !== "expired" && (
          <Button size="sm" variant="ghost" onClick={() => onExpire(silence)}>
            <TimerOff className="size-3.5" aria-hidden />
            Expire
          </Button>
        ),
    },
  ];
}

/** Who silenced what, why, and until when; the firing alerts each one mutes right now. */
export function SilencesTable({ silences, ...rest }: SilencesTableProps) {
  return (
    <DataTable
      scrollX
      density="relaxed"
      columns={silenceColumns(rest)}
      rows={silences}
      rowKey={(silence) => silence.id}
      rowProps={(silence) => ({ "data-silence-id": silence.id, className: rest.state === "expired" ? "text-zinc-400" : undefined })}
    />
  );
}
