"use client";

import { useMemo, useState } from "react";
import { PageHeader } from "@/components/layout/PageHeader";
import { resolveLogTimeRange } from "@/components/logs/log-time-range";
import { formatCount } from "@/components/ui/format";
import { LiveToggle } from "./LiveToggle";
import { LogFilters } from "./LogFilters";
import type { LogFilterDraft } from "./LogFilters";
import { LogList } from "./LogList";
import { useDebouncedValue } from "./use-debounced-value";
import { useLogStream } from "./use-log-stream";
import type { LogQuery } from "./use-log-stream";

const FILTER_DEBOUNCE_MS = 400;

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
