"use client";

import { Search } from "lucide-react";
import { useState } from "react";
import type { LogLevel } from "@/lib/protocol/common";
import { INPUT_CLASS } from "@/components/ui/field-styles";
import { Panel } from "@/components/ui/Panel";
import { LogLevelSelect } from "./LogLevelSelect";
import { LogList } from "./LogList";
import { useDebouncedValue } from "./use-debounced-value";
import { useLogStream } from "./use-log-stream";

const SEARCH_DEBOUNCE_MS = 350;

export function NodeLogTail({ nodeId }: { nodeId: string }) {
  const [level, setLevel] = useState<LogLevel | undefined>(undefined);
  const [search, setSearch] = useState("");
  const query = useDebouncedValue(search.trim(), SEARCH_DEBOUNCE_MS);
  const stream = useLogStream({ nodeId, level, q: query || undefined }, { live: true, pageSize: 200, maxEntries: 2_000 });

  return (
    <Panel
      title={
        <span className="flex items-center gap-2">
          Logs
          <span className="inline-flex items-center gap-1 rounded bg-green-500/15 px-1.5 py-0.5 text-[11px] font-medium text-green-300">
            <span className="size-1.5 rounded-full bg-green-400" aria-hidden />
            live tail
          </span>
        </span>
      }
      actions={
        <>
          <div className="relative">
            <Search className="pointer-events-none absolute top-1/2 left-2.5 size-3.5 -translate-y-1/2 text-zinc-400" aria-hidden />
            <input
              type="search"
              value={search}
              onChange={(event) => setSearch(event.target.value)}
              placeholder="Search this node's logs"
              aria-label="Search this node's logs"
              className={`${INPUT_CLASS} h-8 w-60 pl-8 text-xs`}
            />
          </div>
          <LogLevelSelect value={level} onChange={setLevel} />
        </>
      }
      bodyClassName="p-0"
    >
      <LogList
        stream={stream}
        showNode={false}
        emptyTitle="No log lines match"
        emptyHint={level || query ? "Lower the level or clear the search." : "This node has not sent any log lines yet."}
        className="h-[420px]"
      />
    </Panel>
  );
}
