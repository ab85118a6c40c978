import { countMatching, matchesAllMatchers, matchersProblem, type LabelMatcher } from "@/components/alerts/alert-matchers";
import type { AlertView } from "./alert-types";

/** Names of the first few alerts it would mute, so a too-wide silence is visible before it is created. */
const PREVIEW = 4;

function alertTitle(alert: AlertView): string {
  const about = alert.labels.node ?? alert.labels.group ?? alert.labels.zone;
  return about ? `${alert.labels.alertname} · ${about}` : (alert.labels.alertname ?? alert.fingerprint);
}

/** "Matches 3 current alerts (2 firing)", computed in the browser with Alertmanager's semantics. */
export function SilenceMatchPreview({ matchers, alerts }: { matchers: readonly LabelMatcher[]; alerts: readonly AlertView[] | null }) {
  if (!alerts) return <p className="text-xs text-zinc-400">Loading current alerts…</p>;
  if (matchersProblem(matchers)) return null;
  const firing = alerts.filter((alert) => alert.status === "firing");
  const hits = firing.filter((alert) => matchesAllMatchers(matchers, alert.labels));
  const resolved = countMatching(matchers, alerts) - hits.length;
  return (
    <div className="rounded-md border border-zinc-800 bg-zinc-950/60 px-3 py-2 text-xs" role="status" data-testid="silence-match-count" data-firing-matches={hits.length}>
      <p className={hits.length > 0 ? "text-zinc-200" : "text-zinc-400"}>
        Matches <span className="font-semibold tabular">{hits.length}</span> firing {hits.length === 1 ? "alert" : "alerts"}
        {resolved > 0 && <span className="text-zinc-400"> (and {resolved} resolved)</span>}
        {hits.length > 20 && <span className="text-amber-300"> — a wide silence; check the matchers.</span>}
      </p>
      {hits.length > 0 && (
        <p className="mt-1 truncate font-mono text-[11px] text-zinc-400">
          {hits.slice(0, PREVIEW).map(alertTitle).join(", ")}
          {hits.length > PREVIEW && ` +${hits.length - PREVIEW} more`}
        </p>
      )}
    </div>
  );
}
