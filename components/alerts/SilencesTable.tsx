"use client";

import { TimerOff } from "lucide-react";
import { Button } from "@/components/ui/Button";
import { countMatching, matcherOperator } from "@/components/alerts/alert-matchers";
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
        <span className="block text-zinc-500">for {formatDuration(silence.endsAt - silence.startsAt)}</span>
      </span>
    );
  }
  if (state === "active") {
    return (
      <span title={`Until ${formatDateTime(silence.endsAt)}`}>
        until {formatDateTime(silence.endsAt).slice(5, 16)}
        <span className="block text-zinc-500">{formatDuration(silence.endsAt - now)} left</span>
      </span>
    );
  }
  return (
    <span title={`${formatDateTime(silence.startsAt)} → ${formatDateTime(silence.endsAt)}`}>
      ended {formatRelativeTime(silence.endsAt, now)}
      <span className="block text-zinc-500">lasted {formatDuration(silence.endsAt - silence.startsAt)}</span>
    </span>
  );
}

/** Who silenced what, why, and until when; the firing alerts each one mutes right now. */
export function SilencesTable({ silences, state, firingAlerts, now, canExpire, onExpire }: SilencesTableProps) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm">
        <thead className="text-left text-xs tracking-wide text-zinc-500 uppercase">
          <tr className="border-b border-zinc-800">
            <th className="px-4 py-2 font-medium">Matchers</th>
            {state !== "expired" && <th className="px-3 py-2 text-right font-medium whitespace-nowrap">Mutes now</th>}
            <th className="px-3 py-2 font-medium">Why</th>
            <th className="px-3 py-2 font-medium">By</th>
            <th className="px-3 py-2 font-medium">When</th>
            <th className="px-4 py-2" aria-label="Actions" />
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-800/70">
          {silences.map((silence) => {
            const muted = firingAlerts ? countMatching(silence.matchers, firingAlerts) : null;
            return (
              <tr key={silence.id} data-silence-id={silence.id} className={state === "expired" ? "text-zinc-500" : undefined}>
                <td className="px-4 py-2.5">
                  <div className="flex max-w-md flex-wrap gap-1">
                    {silence.matchers.map((matcher, index) => (
                      <LabelChip key={index} name={matcher.name} operator={matcherOperator(matcher)} value={matcher.value} tone={state === "expired" ? "muted" : "default"} />
                    ))}
                  </div>
                </td>
                {state !== "expired" && (
                  <td className="px-3 py-2.5 text-right tabular" title="Firing alerts these matchers match right now">
                    {muted === null ? "…" : <span className={muted > 0 ? "text-zinc-100" : "text-zinc-500"}>{muted}</span>}
                  </td>
                )}
                <td className="max-w-sm px-3 py-2.5 break-words">{silence.comment}</td>
                <td className="px-3 py-2.5 whitespace-nowrap text-zinc-400">{silence.createdBy}</td>
                <td className="px-3 py-2.5 text-xs whitespace-nowrap tabular">
                  <When silence={silence} state={state} now={now} />
                </td>
                <td className="px-4 py-2.5 text-right">
                  {canExpire && state !== "expired" && (
                    <Button size="sm" variant="ghost" onClick={() => onExpire(silence)}>
                      <TimerOff className="size-3.5" aria-hidden />
                      Expire
                    </Button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
