import Link from "next/link";
import type { FleetStats } from "@/lib/protocol/views";
import { formatCount } from "@/components/ui/format";
import { STATE_STYLES, STATES_FOR_DISPLAY } from "@/components/nodes/state-colors";

/** One big tile per state; a tile for a state with nodes in it links to them. */
export function StateTiles({ stats }: { stats: FleetStats | null }) {
  return (
    <div className="grid grid-cols-2 gap-3 sm:grid-cols-3 xl:grid-cols-5">
      {STATES_FOR_DISPLAY.map((state) => {
        const style = STATE_STYLES[state];
        // Healthy counts agents heard; a node whose service is down or degraded is not green, so it is told apart.
        const sick = state === "healthy" && stats?.service ? stats.service.degraded + stats.service.down : 0;
        const rawCount = stats?.counts[state] ?? null;
        const count = rawCount === null ? null : rawCount - sick;
        const troubled = (state === "down" || state === "suspect") && (count ?? 0) > 0;
        const quiet = count === 0;
        return (
          <Link
            key={state}
            href={`/nodes?state=${state}`}
            className={`group relative flex h-28 flex-col justify-between rounded-lg border p-4 transition-colors hover:brightness-125 ${
              quiet ? "border-zinc-800 bg-zinc-900/60 text-zinc-400" : style.tile
            } ${troubled ? "ring-2 ring-inset ring-current/30" : ""}`}
          >
            <span className="flex items-center gap-2 text-sm font-medium">
              <span className={`size-2.5 rounded-full ${quiet ? "bg-zinc-700" : style.solid}`} aria-hidden />
              {style.label}
            </span>
            <span className="text-4xl font-semibold tabular">{count === null ? "—" : formatCount(count)}</span>
            {sick > 0 && stats?.service && (
              <span className="absolute right-3 bottom-3 text-right text-xs font-medium text-amber-300" data-testid="overview-service-problems">
                {stats.service.down > 0 && <span className="block text-red-300">{formatCount(stats.service.down)} service down</span>}
                {stats.service.degraded > 0 && <span className="block">{formatCount(stats.service.degraded)} degraded</span>}
              </span>
            )}
          </Link>
        );
      })}
    </div>
  );
}
