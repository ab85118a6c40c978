import { formatPercent } from "@/components/ui/format";

/** Neutral until a resource gets tight, so colour still means "look here". */
function barColor(fraction: number): string {
  if (fraction >= 0.95) return "bg-red-500";
  if (fraction >= 0.85) return "bg-amber-500";
  return "bg-sky-500";
}

export function UsageBar({ fraction }: { fraction: number | null | undefined }) {
  const known = fraction !== null && fraction !== undefined;
  const width = known ? Math.min(100, Math.max(0, fraction * 100)) : 0;
  return (
    <div className="flex w-full items-center gap-2">
      <div className="h-1.5 flex-1 overflow-hidden rounded-full bg-zinc-800">
        {known && <div className={`h-full rounded-full ${barColor(fraction)}`} style={{ width: `${width}%` }} />}
      </div>
      <span className="w-9 text-right text-xs text-zinc-300 tabular">{formatPercent(fraction)}</span>
    </div>
  );
}
