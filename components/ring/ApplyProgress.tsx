"use client";

import { CircleCheck, LoaderCircle, X } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import { useNow } from "@/components/live/use-now";
import { formatDuration } from "@/components/ui/format";
import { formatShare } from "@/components/ring/ring-geometry";

export type AppliedChange = { epoch: number; movedShare: number; startedAt: number };

type ApplyProgressProps = {
  applied: AppliedChange;
  /** From the latest poll of the ring. */
  currentEpoch: number;
  agentsBehind: number;
  onDismiss: () => void;
  onDone: () => void;
};

/** "Applying… waiting for agents to acknowledge epoch N", with the count going down, until all have. */
export function ApplyProgress({ applied, currentEpoch, agentsBehind, onDismiss, onDone }: ApplyProgressProps) {
  const now = useNow(500);
  const reached = currentEpoch >= applied.epoch;
  const done = reached && agentsBehind === 0;
  const [mostBehind, setMostBehind] = useState(0);
  const [doneAt, setDoneAt] = useState<number | null>(null);
  const bannerRef = useRef<HTMLDivElement>(null);

  // Apply is clicked far down the page; bring the progress (and the redrawn ring below it) into view.
  useEffect(() => {
    bannerRef.current?.scrollIntoView({ block: "start", behavior: "smooth" });
  }, []);

  if (reached && agentsBehind > mostBehind) setMostBehind(agentsBehind);
  if (done && doneAt === null) setDoneAt(Date.now());

  useEffect(() => {
    if (done) onDone();
  }, [done, onDone]);

  const acknowledged = Math.max(0, mostBehind - agentsBehind);
  const fraction = mostBehind > 0 ? acknowledged / mostBehind : done ? 1 : 0;

  return (
    <div
      ref={bannerRef}
      role="status"
      aria-live="polite"
      className={`flex items-start gap-3 rounded-lg border px-4 py-3 text-sm ${done ? "border-green-500/40 bg-green-500/10 text-green-100" : "border-sky-500/40 bg-sky-500/10 text-sky-100"}`}
      data-testid="ring-apply-progress"
      data-epoch={applied.epoch}
      data-done={done ? "true" : "false"}
      data-behind={agentsBehind}
    >
      {done ? <CircleCheck className="mt-0.5 size-4 shrink-0 text-green-400" aria-hidden /> : <LoaderCircle className="mt-0.5 size-4 shrink-0 animate-spin text-sky-400" aria-hidden />}
      <div className="min-w-0 flex-1 space-y-1.5">
        {done ? (
          <p className="font-medium">
            Epoch {applied.epoch} is in place: every agent acknowledged it
            {doneAt !== null && ` in ${formatDuration(doneAt - applied.startedAt)}`}. {formatShare(applied.movedShare)} of the keyspace moved.
          </p>
        ) : (
          <p className="font-medium tabular">
            Applying… waiting for agents to acknowledge epoch {applied.epoch}
            {reached ? `: ${agentsBehind} ${agentsBehind === 1 ? "agent" : "agents"} still behind` : ""} · {formatDuration(now - applied.startedAt)}
          </p>
        )}
        {!done && mostBehind > 0 && (
          <div className="h-1.5 w-full max-w-md overflow-hidden rounded-full bg-zinc-800" aria-hidden>
            <div className="h-full rounded-full bg-sky-500 transition-[width]" style={{ width: `${fraction * 100}%` }} />
          </div>
        )}
        {!done && mostBehind > 0 && (
          <p className="text-xs text-sky-200/70 tabular">
            {acknowledged} of {mostBehind} acknowledged
          </p>
        )}
      </div>
      {done && (
        <button type="button" onClick={onDismiss} aria-label="Dismiss" className="rounded p-1 text-zinc-400 hover:bg-zinc-800 hover:text-zinc-100">
          <X className="size-4" aria-hidden />
        </button>
      )}
    </div>
  );
}
