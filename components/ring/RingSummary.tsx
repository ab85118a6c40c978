"use client";

import { useNow } from "@/components/live/use-now";
import { formatDecimal, formatRelativeTime } from "@/components/ui/format";
import type { RingResponse } from "./ring-types";

/** Imbalance worth an amber: the most loaded group carries a quarter more than its weighted share. */
const IMBALANCE_WARNING = 1.25;

/** "epoch 7 · changed 3 min ago · 17 groups · max/mean 1.12 · stddev/mean 0.071" */
export function RingSummary({ ring }: { ring: RingResponse }) {
  const now = useNow(1000);
  const imbalance = ring.imbalance;
  const separator = <span className="text-zinc-400"> · </span>;
  return (
    <span className="tabular" data-testid="ring-summary" data-epoch={ring.epoch} data-behind={ring.agentsBehind.length}>
      epoch <span className="font-semibold text-zinc-100">{ring.epoch}</span>
      {ring.createdAt !== null && (
        <>
          {separator}changed {formatRelativeTime(ring.createdAt, now)}
        </>
      )}
      {separator}
      {ring.groups.length} {ring.groups.length === 1 ? "group" : "groups"}
      {imbalance && (
        <>
          {separator}
          <span
            className={imbalance.maxOverMean >= IMBALANCE_WARNING ? "text-amber-300" : undefined}
            title={`Most loaded: ${imbalance.mostLoaded}; least loaded: ${imbalance.leastLoaded} (${formatDecimal(imbalance.minOverMean)} × the mean). Loads are weighted: 1.00 is perfectly even.`}
          >
            max/mean {formatDecimal(imbalance.maxOverMean)}
          </span>
          {separator}
          <span title="Spread of the weighted loads; about 1/√tokens per group for a random ring">stddev/mean {formatDecimal(imbalance.stddevOverMean, 3)}</span>
        </>
      )}
      {separator}
      {ring.agentsBehind.length === 0 ? <span className="text-green-400">all agents on this epoch</span> : <span className="text-amber-300">{ring.agentsBehind.length} behind</span>}
    </span>
  );
}
