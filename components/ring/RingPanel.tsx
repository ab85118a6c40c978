"use client";

import { useState } from "react";
import { EmptyState } from "@/components/ui/EmptyState";
import { ErrorState } from "@/components/ui/ErrorState";
import { LoadingState } from "@/components/ui/LoadingState";
import { Panel } from "@/components/ui/Panel";
import { RingDiagram } from "./RingDiagram";
import type { RingKeyMarker } from "./RingDiagram";
import { RingShareBars } from "./RingShareBars";
import type { RingDrawing, RingGroupRow, RingPreview } from "./ring-types";

type RingPanelProps = {
  drawing: RingDrawing | null;
  drawingError: string | null;
  onRetry: () => void;
  epoch: number;
  /** The ring's groups now: the centre counts these, as the header does, and the share bars list them. */
  groups: readonly RingGroupRow[];
  emphasizedGroup: string | null;
  onHoverGroup: (groupId: string | null) => void;
  marker: RingKeyMarker | null;
  preview: RingPreview | null;
};

export function RingPanel({ drawing, drawingError, onRetry, epoch, groups, emphasizedGroup, onHoverGroup, marker, preview }: RingPanelProps) {
  const [showTicks, setShowTicks] = useState(false);
  const [showMoves, setShowMoves] = useState(true);
  const drawnEpoch = drawing?.epoch ?? 0;
  const movedRanges = preview && showMoves ? preview.ranges : null;
  const canTick = drawing?.ticks !== null;

  return (
    <Panel
      title="Ring"
      actions={
        <>
          {preview && preview.ranges.length > 0 && (
            <label className="flex items-center gap-1.5">
              <input type="checkbox" checked={showMoves} onChange={(event) => setShowMoves(event.target.checked)} className="accent-sky-500" />
              moved ranges
            </label>
          )}
          <label
            className={`flex items-center gap-1.5 ${canTick ? "" : "opacity-50"}`}
            title={canTick ? undefined : `${drawing?.tokenCount.toLocaleString("en-US")} tokens: one tick each would be a solid band`}
          >
            <input
              type="checkbox"
              checked={showTicks && canTick}
              disabled={!canTick}
              onChange={(event) => setShowTicks(event.target.checked)}
              className="accent-sky-500"
              data-testid="ring-ticks-toggle"
            />
            token ticks
          </label>
        </>
      }
    >
      {epoch === 0 ? (
        <EmptyState title="The ring is empty" className="h-[420px]">
          No replica group has joined yet. Healthy groups join by themselves while auto-join is on; otherwise add them below.
        </EmptyState>
      ) : !drawing ? (
        drawingError ? <ErrorState message={drawingError} onRetry={onRetry} className="h-[420px]" /> : <LoadingState label="Loading the ring…" className="h-[420px]" />
      ) : (
        <>
          <RingDiagram
            drawing={drawing}
            groupCount={groups.length}
            epoch={epoch}
            onPickGroup={onHoverGroup}
            showTicks={showTicks && canTick}
            emphasizedGroup={emphasizedGroup}
            marker={marker}
            movedRanges={movedRanges}
          />
          <p className="mt-2 text-center text-xs text-zinc-400 tabular">
            {drawing.tokenCount.toLocaleString("en-US")} tokens · 0 at the top, clockwise · a token owns the hashes back to the previous one
            {!drawing.exact && <span> · each of the {drawing.arcs.length.toLocaleString("en-US")} slices in the colour of the group owning most of it</span>}
            {movedRanges && movedRanges.length > 0 && (
              <span className="text-zinc-400" data-testid="ring-moved-ranges" data-ranges={movedRanges.length}>
                {" "}
                · inner band: keys that would move, in their new owner&apos;s colour
              </span>
            )}
            {drawnEpoch !== epoch && <span className="text-amber-300"> · drawing epoch {drawnEpoch}, loading {epoch}…</span>}
          </p>
          <RingShareBars groups={groups} emphasizedGroup={emphasizedGroup} onHoverGroup={onHoverGroup} />
        </>
      )}
    </Panel>
  );
}
