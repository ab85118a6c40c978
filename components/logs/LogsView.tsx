"use client";

import { useMemo, useState } from "react";
import { PageHeader } from "@/components/layout/PageHeader";
import { logTimePresetLabel, resolveLogTimeRange, widerLogTimePreset } from "@/components/logs/log-time-range";
import type { LogWindow } from "@/lib/protocol/api/logs";
import { formatCount, formatDateTime } from "@/components/ui/format";
import { LiveToggle } from "./LiveToggle";
import { LogFilters } from "./LogFilters";
import type { LogFilterDraft } from "./LogFilters";
import { LogList } from "./LogList";
import { useDebouncedValue } from "./use-debounced-value";
import { useLogStream } from "./use-log-stream";
import type { LogQuery } from "./use-log-stream";

const FILTER_DEBOUNCE_MS = 400;

/** The time range the server searched: without a start it is the last hour, so say so. */
function describeWindow(window: LogWindow): string {
  if (window.from <= 0) return `Searched everything up to ${formatDateTime(window.to)}`;
  return `Searched ${formatDateTime(window.from)} → ${formatDateTime(window.to)}`;
}

export function LogsView({ initialDraft }: { initialDraft: LogFilterDraft }) {
  const [draft, setDraft] = useState<LogFilterDraft>(initialDraft);
  const [liveWanted, setLiveWanted] = useState(true);
  const settled = useDebouncedValue(draft, FILTER_DEBOUNCE_MS);

  const query = useMemo<LogQuery>(() => {
    const range = resolveLogTimeRange(settled.preset, Date.now(), settled.customFrom, settled.customTo);
    return {
      q: settled.text.trim() || undefined,
      nodeId: settled.nodeId.trim() || undefined,
      level: settled.level,
      ...range,
    };
  }, [settled]);

  const unavailableReason = query.to !== undefined ? "Live tail needs a range that runs up to now" : undefined;
  const stream = useLogStream(query, { live: liveWanted && !unavailableReason, pageSize: 300 });
  const wider = widerLogTimePreset(settled.preset, Boolean(query.q));

  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <PageHeader
        title="Logs"
        subtitle={
          <span className="tabular">
            {stream.loading && stream.entries.length === 0 ? "Searching…" : `${formatCount(stream.entries.length)} lines shown, newest first`}
          </span>
        }
        actions={<LiveToggle enabled={liveWanted} onChange={setLiveWanted} unavailableReason={unavailableReason} />}
      />
      <div className="border-b border-zinc-800 px-6 py-3">
        <LogFilters draft={draft} onChange={setDraft} />
        <p className="mt-2 flex flex-wrap items-center gap-2 text-xs text-zinc-400 tabular" data-testid="log-window">
          {stream.searchWindow && <span>{describeWindow(stream.searchWindow)}{query.from === undefined ? " (the last hour unless you pick a start)" : ""}.</span>}
          {query.q && <span>Text search covers at most 7 days.</span>}
          {wider && (
            <button type="button" onClick={() => setDraft({ ...draft, preset: wider })} className="text-sky-300 hover:text-sky-200 hover:underline">
              Widen to {logTimePresetLabel(wider).toLowerCase()}
            </button>
          )}
        </p>
        {stream.error && stream.entries.length > 0 && <p className="mt-2 text-xs text-amber-300">Last request failed: {stream.error}</p>}
      </div>
      <LogList
        stream={stream}
        showNode
        emptyTitle="No log lines match"
        emptyHint="Widen the time range, lower the minimum level or clear the search."
        className="min-h-0 flex-1"
      />
    </div>
  );
}
