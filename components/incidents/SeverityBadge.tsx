import { severityStyle } from "@/components/incidents/incident-severity";

export function SeverityBadge({ severity }: { severity: string }) {
  const style = severityStyle(severity);
  return (
    <span className={`inline-flex items-center gap-1.5 rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ${style.badge}`} data-severity={severity}>
      <span className="size-1.5 rounded-full" style={{ background: style.hex }} aria-hidden />
      {style.label}
    </span>
  );
}
