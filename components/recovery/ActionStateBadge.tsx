import { actionStateLabel, actionTone, TONE_STYLES } from "@/components/recovery/recovery-states";

export function ActionStateBadge({ state }: { state: string }) {
  return (
    <span className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ${TONE_STYLES[actionTone(state)].badge}`} data-action-state={state}>
      {actionStateLabel(state)}
    </span>
  );
}
