import { formatMilliseconds } from "@/components/ui/format";
import { failoverSegments } from "@/components/recovery/recovery-plans";
import type { FailoverBreakdown } from "./recovery-types";

const SEGMENT_COLORS = { detection: "bg-sky-500", confirm: "bg-violet-500", verify: "bg-teal-500" } as const;
const SEGMENT_HELP = {
  detection: "until the silent or disconnected primary is declared down",
  confirm: "confirmation window before acting",
  verify: "for the promoted replica to report itself primary",
} as const;

/** What the current settings imply: the longest a group can be without a primary, one candidate tried. */
export function WorstCaseBar({ breakdown }: { breakdown: FailoverBreakdown }) {
  const segments = failoverSegments(breakdown);
  return (
    <div className="min-w-64 flex-1 space-y-1.5" data-testid="recovery-worst-case" data-total-ms={breakdown.totalMs}>
      <p className="flex items-baseline justify-between gap-3 text-xs text-zinc-400">
        <span className="font-medium tracking-wide uppercase">Worst-case detection + failover</span>
        <span className="text-base font-semibold text-zinc-100 tabular">{formatMilliseconds(breakdown.totalMs)}</span>
      </p>
      <div className="flex h-2.5 w-full overflow-hidden rounded-full bg-zinc-800" aria-hidden>
        {segments.map((segment) => (
          <div key={segment.key} className={`h-full ${SEGMENT_COLORS[segment.key]}`} style={{ width: `${segment.fraction * 100}%` }} />
        ))}
      </div>
      <ul className="flex flex-wrap gap-x-4 gap-y-0.5 text-xs text-zinc-400">
        {segments.map((segment) => (
          <li key={segment.key} className="inline-flex items-center gap-1.5" title={SEGMENT_HELP[segment.key]}>
            <span className={`size-2 rounded-sm ${SEGMENT_COLORS[segment.key]}`} aria-hidden />
            {segment.label} <span className="text-zinc-200 tabular">{formatMilliseconds(segment.ms)}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
