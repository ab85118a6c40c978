"use client";

import { useMemo, useState } from "react";
import { EmptyState } from "@/components/ui/EmptyState";
import { ErrorState } from "@/components/ui/ErrorState";
import { LoadingState } from "@/components/ui/LoadingState";
import { Panel } from "@/components/ui/Panel";
import { ringSegments } from "@/components/ring/ring-geometry";
import { RingDiagram } from "./RingDiagram";
import type { RingKeyMarker } from "./RingDiagram";
import type { RingPreview, RingWithTokens } from "./ring-types";

type RingPanelProps = {
  ringWithTokens: RingWithTokens | null;
  tokensError: string | null;
  onRetry: () => void;
  epoch: number;
  emphasizedGroup: string | null;
  marker: RingKeyMarker | null;
  preview: RingPreview | null;
};

export function RingPanel({ ringWithTokens, tokensError, onRetry, epoch, emphasizedGroup, marker, preview }: RingPanelProps) {
  const [showTicks, setShowTicks] = useState(false);
  const [showMoves, setShowMoves] = useState(true);
  const groups = ringWithTokens?.groups;
  const segments = useMemo(() => (groups ? ringSegments(groups) : []), [groups]);
  const tokens = useMemo(() => (groups ? groups.flatMap((group) => group.tokens) : []), [groups]);
  const tokenCount = tokens.length;
  const drawnEpoch = ringWithTokens?.epoch ?? 0;
  const movedRanges = preview && showMoves ? preview.ranges : null;

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
          <label className="flex items-center gap-1.5">
            <input type="checkbox" checked={showTicks} onChange={(event) => setShowTicks(event.target.checked)} className="accent-sky-500" data-testid="ring-ticks-toggle" />
            token ticks
          </label>
        </>
      }
    >
      {epoch === 0 ? (
        <EmptyState title="The ring is empty" className="h-[420px]">
          No replica group has joined yet. Healthy groups join by themselves while auto-join is on; otherwise add them below.
        </EmptyState>
      ) : !ringWithTokens ? (
        tokensError ? <ErrorState message={tokensError} onRetry={onRetry} className="h-[420px]" /> : <LoadingState label="Loading tokens…" className="h-[420px]" />
      ) : (
        <>
          <RingDiagram
            segments={segments}
            tokens={tokens}
            showTicks={showTicks}
            emphasizedGroup={emphasizedGroup}
            marker={marker}
            movedRanges={movedRanges}
            epoch={drawnEpoch}
          />
          <p className="mt-2 text-center text-xs text-zinc-500 tabular">
            {tokenCount.toLocaleString("en-US")} tokens · 0 at the top, clockwise · a token owns the hashes back to the previous one
            {movedRanges && movedRanges.length > 0 && <span className="text-zinc-400"> · inner band: keys that would move, in their new owner&apos;s colour</span>}
            {drawnEpoch !== epoch && <span className="text-amber-300"> · drawing epoch {drawnEpoch}, loading {epoch}…</span>}
          </p>
        </>
      )}
    </Panel>
  );
}
