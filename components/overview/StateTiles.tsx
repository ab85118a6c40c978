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
        const count = stats?.counts[state] ?? null;
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
          </Link>
        );
      })}
    </div>
  );
}
