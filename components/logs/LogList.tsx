"use client";

import { useVirtualizer } from "@tanstack/react-virtual";
import { ArrowUp } from "lucide-react";
import { useRef } from "react";
import type { LogView } from "@/lib/protocol/views";
import { Button } from "@/components/ui/Button";
import { EmptyState } from "@/components/ui/EmptyState";
import { ErrorState } from "@/components/ui/ErrorState";
import { LoadingState } from "@/components/ui/LoadingState";
import { logKey } from "@/components/logs/log-entries";
import { LogLine } from "./LogLine";

/** What the list needs of a log stream (see use-log-stream.ts). */
export type LogListStream = {
  entries: readonly LogView[];
  loading: boolean;
  error: string | null;
  reload: () => void;
  hasOlder: boolean;
  loadingOlder: boolean;
  loadOlder: () => void;
  pendingCount: number;
  showPending: () => void;
  setHolding: (holding: boolean) => void;
};

type LogListProps = {
  stream: LogListStream;
  showNode: boolean;
  emptyTitle: string;
  emptyHint?: string;
  /** Height of the scroll area, e.g. "h-[420px]" or "flex-1 min-h-0". */
  className: string;
};

const ESTIMATED_LINE_HEIGHT = 22;
/** Scrolled further than this from the newest line, the reader is reading: hold new lines back. */
const HOLD_THRESHOLD_PX = 8;

/** Newest line on top; lines wrap, so rows are measured rather than fixed. */
export function LogList(props: LogListProps) {
  const { showNode } = props;
  const { entries, loading, error, reload: onRetry, hasOlder, loadingOlder, loadOlder: onLoadOlder, pendingCount, showPending: onShowPending, setHolding: onHoldingChange } = props.stream;
  const scrollRef = useRef<HTMLDivElement>(null);

  const virtualizer = useVirtualizer({
    count: entries.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ESTIMATED_LINE_HEIGHT,
    overscan: 20,
    getItemKey: (index) => logKey(entries[index]),
  });

  const jumpToNewest = () => {
    scrollRef.current?.scrollTo({ top: 0 });
    onShowPending();
  };

  const body = (() => {
    if (loading && entries.length === 0) return <LoadingState label="Loading log lines…" className="h-full min-h-40" />;
    if (error && entries.length === 0) return <ErrorState message={error} onRetry={onRetry} className="h-full min-h-40" />;
    if (entries.length === 0) {
      return (
        <EmptyState title={props.emptyTitle} className="h-full min-h-40">
          {props.emptyHint}
        </EmptyState>
      );
    }
    return (
      <>
        <div className="relative w-full" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((item) => (
            <div
              key={item.key}
              data-index={item.index}
              ref={virtualizer.measureElement}
              className="absolute inset-x-0 top-0"
              style={{ transform: `translateY(${item.start}px)` }}
            >
              <LogLine entry={entries[item.index]} showNode={showNode} />
            </div>
          ))}
        </div>
        <div className="flex h-14 items-center justify-center border-t border-zinc-800/70">
          {hasOlder ? (
            <Button size="sm" onClick={onLoadOlder} disabled={loadingOlder}>
              {loadingOlder ? "Loading…" : "Load older lines"}
            </Button>
          ) : (
            <span className="text-xs text-zinc-400">Start of the matching lines</span>
          )}
        </div>
      </>
    );
  })();

  return (
    <div className={`relative flex flex-col ${props.className}`}>
      {pendingCount > 0 && (
        <div className="pointer-events-none absolute inset-x-0 top-2 z-10 flex justify-center">
          <button
            type="button"
            onClick={jumpToNewest}
            className="pointer-events-auto inline-flex items-center gap-1.5 rounded-full bg-sky-700 px-3 py-1 text-xs font-medium text-white shadow-lg shadow-black/40 hover:bg-sky-800"
          >
            <ArrowUp className="size-3.5" aria-hidden />
            {pendingCount} new {pendingCount === 1 ? "line" : "lines"}
          </button>
        </div>
      )}
      <div
        ref={scrollRef}
        className="min-h-0 flex-1 overflow-y-auto"
        onScroll={(event) => {
          const holding = event.currentTarget.scrollTop > HOLD_THRESHOLD_PX;
          onHoldingChange(holding);
          if (!holding && pendingCount > 0) onShowPending();
        }}
      >
        {body}
      </div>
    </div>
  );
}
