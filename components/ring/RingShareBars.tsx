"use client";

import { useVirtualizer } from "@tanstack/react-virtual";
import { useMemo, useRef } from "react";
import { ringGroupColor } from "@/components/ring/ring-colors";
import { formatShare, shareBars } from "@/components/ring/ring-geometry";

const ROW_HEIGHT = 22;
/** Rows shown before the list scrolls in its own box (only the rows in view are rendered). */
const VISIBLE_ROWS = 12;

type RingShareBarsProps = {
  groups: readonly { id: string; ownership: number; weight: number }[];
  emphasizedGroup: string | null;
  onHoverGroup: (groupId: string | null) => void;
};

/**
 * Each group's share of the keyspace as a bar, biggest first, scaled to the biggest, with a tick
 * at its weighted fair share: where the ring is uneven, at a glance, for 5 groups or 5,000.
 */
export function RingShareBars({ groups, emphasizedGroup, onHoverGroup }: RingShareBarsProps) {
  const bars = useMemo(() => shareBars(groups), [groups]);
  const scrollRef = useRef<HTMLDivElement>(null);
  const biggest = bars[0]?.share ?? 0;
  const virtualizer = useVirtualizer({
    count: bars.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    getItemKey: (index) => bars[index].id,
  });
  if (bars.length === 0) return null;
  return (
    <div className="mt-3 border-t border-zinc-800 pt-2" data-testid="ring-share-bars" data-count={bars.length}>
      <p className="mb-1 flex justify-between text-xs text-zinc-400">
        <span>Share of the keyspace, biggest first</span>
        <span className="tabular">
          {bars.length.toLocaleString("en-US")} {bars.length === 1 ? "group" : "groups"} · tick: fair share by weight
        </span>
      </p>
      <div ref={scrollRef} className="overflow-y-auto" style={{ maxHeight: VISIBLE_ROWS * ROW_HEIGHT }} onMouseLeave={() => onHoverGroup(null)}>
        <div className="relative" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((item) => {
            const bar = bars[item.index];
            const dimmed = emphasizedGroup !== null && emphasizedGroup !== bar.id;
            return (
              <div
                key={item.key}
                className={`absolute inset-x-0 top-0 flex items-center gap-2 text-xs ${dimmed ? "opacity-40" : ""}`}
                style={{ height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}
                onMouseEnter={() => onHoverGroup(bar.id)}
                data-share-group={bar.id}
              >
                {/* The name in plain text (some group hues are too dark to read on zinc); the bar carries the colour. */}
                <span className="w-28 shrink-0 truncate font-mono text-zinc-200" title={bar.id}>
                  {bar.id}
                </span>
                <span className="relative h-2 min-w-0 flex-1 rounded-sm bg-zinc-800" aria-hidden>
                  <span className="absolute inset-y-0 left-0 rounded-sm" style={{ width: `${bar.length * 100}%`, background: ringGroupColor(bar.id) }} />
                  {biggest > 0 && bar.fairShare > 0 && (
                    <span className="absolute -inset-y-0.5 w-px bg-zinc-200" style={{ left: `${Math.min(100, (bar.fairShare / biggest) * 100)}%` }} />
                  )}
                </span>
                <span className="w-16 shrink-0 text-right text-zinc-300 tabular">{formatShare(bar.share)}</span>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
