import { ArrowRight } from "lucide-react";
import { Button } from "@/components/ui/Button";
import { formatDecimal } from "@/components/ui/format";
import { formatShare } from "@/components/ring/ring-geometry";
import { RingGroupSwatch } from "./RingGroupSwatch";
import type { RingPreview } from "./ring-types";

type PreviewResultProps = {
  preview: RingPreview;
  /** The ring moved since this preview: applying would do something else. */
  stale: boolean;
  canApply: boolean;
  onApply: () => void;
  onRefresh: () => void;
};

/** Past this many pairs the table would push Apply off screen; the rest are summed. */
const MOVES_SHOWN = 12;

function MoveEnd({ groupId }: { groupId: string }) {
  if (!groupId) return <span className="text-xs text-zinc-400">(nowhere: empty ring)</span>;
  return <RingGroupSwatch groupId={groupId} />;
}

export function MovesTable({ moves, limit = MOVES_SHOWN }: { moves: readonly { from: string; to: string; share: number }[]; limit?: number }) {
  const shown = moves.slice(0, limit);
  const rest = moves.slice(limit);
  return (
    <table className="w-full text-sm" data-testid="ring-moves">
      <thead className="text-left text-xs tracking-wide text-zinc-400 uppercase">
        <tr className="border-b border-zinc-800">
          <th className="py-1.5 pr-2 font-medium">From</th>
          <th className="px-2 py-1.5 font-medium" aria-label="to" />
          <th className="px-2 py-1.5 font-medium">To</th>
          <th className="py-1.5 pl-2 text-right font-medium">Share</th>
        </tr>
      </thead>
      <tbody className="divide-y divide-zinc-800/70">
        {shown.map((move) => (
          <tr key={`${move.from}>${move.to}`} data-move-from={move.from} data-move-to={move.to}>
            <td className="py-1.5 pr-2">
              <MoveEnd groupId={move.from} />
            </td>
            <td className="px-2 py-1.5 text-zinc-400">
              <ArrowRight className="size-3.5" aria-hidden />
            </td>
            <td className="px-2 py-1.5">
              <MoveEnd groupId={move.to} />
            </td>
            <td className="py-1.5 pl-2 text-right text-zinc-200 tabular">{formatShare(move.share)}</td>
          </tr>
        ))}
        {rest.length > 0 && (
          <tr>
            <td colSpan={3} className="py-1.5 text-xs text-zinc-400">
              and {rest.length} smaller {rest.length === 1 ? "move" : "moves"}
            </td>
            <td className="py-1.5 pl-2 text-right text-xs text-zinc-400 tabular">{formatShare(rest.reduce((sum, move) => sum + move.share, 0))}</td>
          </tr>
        )}
      </tbody>
    </table>
  );
}

/** The answer to "what if": how much of the keyspace moves, between whom, and how even the ring ends up. */
export function PreviewResult({ preview, stale, canApply, onApply, onRefresh }: PreviewResultProps) {
  const before = preview.imbalanceBefore;
  const after = preview.imbalanceAfter;
  return (
    <div className="space-y-3 border-t border-zinc-800 pt-3" data-testid="ring-preview" data-moved-share={preview.movedShare} data-to-epoch={preview.toEpoch}>
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <p className="text-xs tracking-wide text-zinc-400 uppercase">Keys that move</p>
          <p className="text-4xl font-semibold text-zinc-50 tabular" data-testid="ring-moved-share">
            {formatShare(preview.movedShare)}
          </p>
          <p className="text-xs text-zinc-400 tabular">
            epoch {preview.fromEpoch} → {preview.toEpoch} · {preview.ranges.length.toLocaleString("en-US")} {preview.ranges.length === 1 ? "range" : "ranges"}
          </p>
        </div>
        <dl className="grid grid-cols-[auto_auto_auto] items-baseline gap-x-2 text-xs tabular" title="Most loaded group's load over the mean, after weighting (1.00 = perfectly even)">
          <dt className="text-zinc-400">max/mean</dt>
          <dd className="text-zinc-400">{before ? formatDecimal(before.maxOverMean) : "—"}</dd>
          <dd className="text-zinc-100">→ {after ? formatDecimal(after.maxOverMean) : "—"}</dd>
          <dt className="text-zinc-400">stddev/mean</dt>
          <dd className="text-zinc-400">{before ? formatDecimal(before.stddevOverMean, 3) : "—"}</dd>
          <dd className="text-zinc-100">→ {after ? formatDecimal(after.stddevOverMean, 3) : "—"}</dd>
        </dl>
      </div>
      {preview.moves.length > 0 ? <MovesTable moves={preview.moves} /> : <p className="text-sm text-zinc-400">Nothing moves.</p>}
      {stale && (
        <p className="rounded-md border border-amber-500/50 bg-amber-500/10 px-3 py-2 text-xs text-amber-200">
          The ring has changed since this preview (it was computed against epoch {preview.fromEpoch}). Preview again before applying.
        </p>
      )}
      <div className="flex items-center gap-2">
        {canApply ? (
          stale ? (
            <Button variant="primary" onClick={onRefresh}>
              Preview again
            </Button>
          ) : (
            <Button variant="danger" onClick={onApply} data-testid="ring-apply">
              Apply as epoch {preview.toEpoch}…
            </Button>
          )
        ) : (
          <p className="text-xs text-zinc-400">Only operators and administrators can apply ring changes.</p>
        )}
      </div>
    </div>
  );
}
