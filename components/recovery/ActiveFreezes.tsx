import { Snowflake } from "lucide-react";
import { RelativeTime } from "@/components/ui/RelativeTime";
import { freezeKindLabel } from "@/components/recovery/recovery-states";
import type { RecoveryFreeze } from "./recovery-types";

/** Freezes Vigil put on itself (self-check, blast radius). The kill switch has its own banner. */
export function ActiveFreezes({ freezes, now }: { freezes: readonly RecoveryFreeze[]; now: number }) {
  const automatic = freezes.filter((freeze) => freeze.kind !== "kill-switch");
  if (automatic.length === 0) return null;
  return (
    <ul className="space-y-2" aria-label="Active freezes" data-testid="recovery-freezes">
      {automatic.map((freeze) => (
        <li key={freeze.id} className="flex flex-wrap items-start gap-3 rounded-lg border border-amber-500/50 bg-amber-500/10 px-4 py-2.5 text-sm" data-freeze-kind={freeze.kind}>
          <Snowflake className="mt-0.5 size-4 shrink-0 text-amber-400" aria-hidden />
          <div className="min-w-0 flex-1">
            <p className="font-medium text-amber-100">
              {freezeKindLabel(freeze.kind)} freeze · {freeze.scope === "all" ? "all actions" : "destructive actions (promote, follow, restart, ring removal)"}
            </p>
            <p className="text-amber-200/90">{freeze.reason}</p>
          </div>
          <p className="text-xs text-amber-200/70 tabular">
            <RelativeTime ts={freeze.since} now={now} prefix="since" />
            {freeze.until !== null && (
              <>
                {" · "}
                <RelativeTime ts={freeze.until} now={now} prefix="until" />
              </>
            )}
          </p>
        </li>
      ))}
    </ul>
  );
}
