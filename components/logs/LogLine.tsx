import Link from "next/link";
import { memo } from "react";
import type { LogView } from "@/lib/protocol/views";
import { formatDateTime } from "@/components/ui/format";
import { formatLogFields } from "@/components/logs/log-entries";
import { LOG_LEVEL_TEXT } from "@/components/logs/log-levels";

function LogLineImpl({ entry, showNode }: { entry: LogView; showNode: boolean }) {
  const fields = formatLogFields(entry.fields);
  const milliseconds = String(entry.ts % 1000).padStart(3, "0");
  return (
    <div className="flex gap-3 px-6 py-0.5 font-mono text-xs leading-5 hover:bg-zinc-800/40">
      <time dateTime={new Date(entry.ts).toISOString()} className="shrink-0 text-zinc-400 tabular">
        {formatDateTime(entry.ts)}.{milliseconds}
      </time>
      <span className={`w-11 shrink-0 rounded-sm px-1 text-center font-semibold uppercase ${LOG_LEVEL_TEXT[entry.level]}`}>{entry.level}</span>
      {showNode && (
        <Link prefetch={false} href={`/nodes/${encodeURIComponent(entry.nodeId)}`} className="w-36 shrink-0 truncate text-sky-300/90 hover:underline" title={entry.nodeId}>
          {entry.nodeId}
        </Link>
      )}
      <span className="min-w-0 flex-1 break-words whitespace-pre-wrap text-zinc-200">
        {entry.message}
        {fields && <span className="ml-2 text-zinc-400">{fields}</span>}
      </span>
    </div>
  );
}

export const LogLine = memo(LogLineImpl);
