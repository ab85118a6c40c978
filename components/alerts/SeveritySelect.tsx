import { SELECT_CLASS } from "@/components/ui/field-styles";
import { severityStyle } from "@/components/incidents/incident-severity";
import { RULE_SEVERITIES, type RuleSeverity } from "@/components/alerts/rules-draft";

function isSeverity(value: string): value is RuleSeverity {
  return (RULE_SEVERITIES as readonly string[]).includes(value);
}

export function SeveritySelect({ value, onChange, label }: { value: string; onChange: (severity: RuleSeverity) => void; label: string }) {
  return (
    <select
      aria-label={label}
      value={value}
      onChange={(event) => {
        if (isSeverity(event.target.value)) onChange(event.target.value);
      }}
      className={`${SELECT_CLASS} h-8 w-32 text-xs ${severityStyle(value).text}`}
    >
      {RULE_SEVERITIES.map((severity) => (
        <option key={severity} value={severity}>
          {severity}
        </option>
      ))}
    </select>
  );
}
