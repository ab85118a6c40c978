import type { ReceiverView } from "./alert-types";

const FORMAT_LABELS: Record<ReceiverView["format"], string> = {
  vigil: "Vigil",
  alertmanager: "Alertmanager",
  slack: "Slack",
  email: "E-mail",
  pagerduty: "PagerDuty",
  opsgenie: "Opsgenie",
  telegram: "Telegram",
  teams: "Teams",
  discord: "Discord",
  ntfy: "ntfy",
};

export function ReceiverFormatBadge({ format }: { format: ReceiverView["format"] }) {
  return (
    <span className="inline-flex rounded bg-violet-500/15 px-1.5 py-0.5 text-[11px] font-medium text-violet-300 ring-1 ring-violet-500/30 ring-inset" data-format={format}>
      {FORMAT_LABELS[format] ?? format}
    </span>
  );
}
