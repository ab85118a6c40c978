import { actionStateLabel, actionTone, didNotHeal, TONE_STYLES } from "@/components/recovery/recovery-states";

/** `outcome` turns a restart that ran but did not heal the service amber ("did not heal"). */
export function ActionStateBadge({ state, outcome }: { state: string; outcome?: string | null }) {
  return (
    <span
      className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ${TONE_STYLES[actionTone(state, outcome)].badge}`}
      data-action-state={state}
      data-verdict={didNotHeal(state, outcome) ? "did-not-heal" : undefined}
      title={didNotHeal(state, outcome) ? (outcome ?? undefined) : undefined}
    >
      {actionStateLabel(state, outcome)}
    </span>
  );
}
