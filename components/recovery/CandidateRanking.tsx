import { sortCandidates } from "@/components/recovery/recovery-plans";
import type { CandidateLike } from "@/components/recovery/recovery-plans";

/** Who would be (or was) promoted, in order, and why every other member was excluded. */
export function CandidateRanking({ candidates, title = "Candidate ranking" }: { candidates: readonly CandidateLike[]; title?: string }) {
  const sorted = sortCandidates(candidates);
  return (
    <div className="space-y-1" data-testid="recovery-candidates">
      <p className="text-[11px] font-medium tracking-wide text-zinc-400 uppercase">{title}</p>
      <ol className="space-y-1 text-xs">
        {sorted.map((candidate) => (
          <li key={candidate.nodeId} className="flex items-start gap-2" data-candidate={candidate.nodeId} data-eligible={candidate.eligible}>
            <span
              className={`inline-flex h-5 min-w-9 shrink-0 items-center justify-center rounded px-1 font-semibold tabular ${
                candidate.rank === 1 ? "bg-green-500/20 text-green-300" : candidate.eligible ? "bg-zinc-800 text-zinc-300" : "bg-zinc-900 text-zinc-400 line-through"
              }`}
            >
              {candidate.rank !== null ? `#${candidate.rank}` : "out"}
            </span>
            <span className={`w-32 shrink-0 truncate pt-0.5 font-mono ${candidate.eligible ? "text-zinc-200" : "text-zinc-400"}`} title={candidate.nodeId}>
              {candidate.nodeId}
            </span>
            <span className={`pt-0.5 ${candidate.eligible ? "text-zinc-400" : "text-amber-200/80"}`}>{candidate.reasons.length ? candidate.reasons.join(" · ") : "—"}</span>
          </li>
        ))}
      </ol>
    </div>
  );
}
