import Link from "next/link";
import type { ZoneCounts } from "./use-overview";
import { formatCount } from "@/components/ui/format";
import { STATE_STYLES, STATES_FOR_DISPLAY } from "@/components/nodes/state-colors";

const collator = new Intl.Collator("en", { numeric: true });

/** Sorted by name rather than health so bars don't reorder under the operator's eyes. */
export function ZoneHealthBars({ zones }: { zones: readonly ZoneCounts[] }) {
  const sorted = [...zones].sort((a, b) => collator.compare(a.zone, b.zone));
  return (
    <ul className="flex flex-col gap-3">
      {sorted.map(({ zone, counts }) => {
        const total = STATES_FOR_DISPLAY.reduce((sum, state) => sum + counts[state], 0);
        const trouble = counts.down + counts.suspect;
        return (
          <li key={zone}>
            <Link href={`/nodes?zone=${encodeURIComponent(zone)}`} className="group block rounded-md px-1 py-0.5 hover:bg-zinc-800/50">
              <div className="mb-1 flex items-baseline justify-between gap-2 text-sm">
                <span className="truncate font-medium text-zinc-200 group-hover:text-zinc-50">{zone}</span>
                <span className="shrink-0 text-xs text-zinc-400 tabular">
                  {trouble > 0 ? (
                    <span className={counts.down > 0 ? STATE_STYLES.down.text : STATE_STYLES.suspect.text}>
                      {formatCount(trouble)} in trouble ·{" "}
                    </span>
                  ) : null}
                  {formatCount(counts.healthy)}/{formatCount(total)} healthy
                </span>
              </div>
              <div
                className="flex h-2.5 overflow-hidden rounded-full bg-zinc-800"
                role="img"
                aria-label={STATES_FOR_DISPLAY.map((state) => `${counts[state]} ${state}`).join(", ")}
              >
                {total > 0 &&
                  STATES_FOR_DISPLAY.map((state) =>
                    counts[state] > 0 ? (
                      <div
                        key={state}
                        className={`${STATE_STYLES[state].solid} h-full`}
                        style={{ width: `${(counts[state] / total) * 100}%`, minWidth: 3 }}
                        title={`${STATE_STYLES[state].label}: ${counts[state]}`}
                      />
                    ) : null,
                  )}
              </div>
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
