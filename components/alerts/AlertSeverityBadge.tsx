import { SEVERITY_STYLES, severityStyle } from "@/components/incidents/incident-severity";

/** Critical red, warning amber, info blue: the same palette as incidents. */
export function AlertSeverityBadge({ severity }: { severity: string }) {
  const style = severityStyle(severity);
  return (
    <span className={`inline-flex items-center gap-1.5 rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ${style.badge}`} data-severity={severity}>
      <span className="size-1.5 rounded-full" style={{ background: style.hex }} aria-hidden />
      {severity in SEVERITY_STYLES ? style.label : severity || "none"}
    </span>
  );
}
