"use client";

import { DataTable, type Column } from "@/components/ui/DataTable";
import { INPUT_CLASS } from "@/components/ui/field-styles";
import type { BuiltinDraft, FieldErrors } from "@/components/alerts/rules-draft";
import { BUILTIN_RULE_TEXT, builtinRuleTiming, NUMBER_FIELD_LABELS } from "./builtin-rule-text";
import { invalidClass, RuleField } from "./RuleField";
import { SeveritySelect } from "./SeveritySelect";

type BuiltinRulesTableProps = {
  rules: Record<string, BuiltinDraft>;
  errors: FieldErrors;
  onChange: (name: string, rule: BuiltinDraft) => void;
};

type BuiltinRow = { name: string; rule: BuiltinDraft };

function builtinColumns({ errors, onChange }: Omit<BuiltinRulesTableProps, "rules">): Column<BuiltinRow>[] {
  return [
    {
      key: "on",
      header: "On",
      headerClassName: "w-16",
      cell: ({ name, rule }) => (
        <label className="relative inline-flex cursor-pointer items-center pt-1.5">
          <input
            type="checkbox"
            role="switch"
            aria-label={`${name} enabled`}
            checked={rule.enabled}
            onChange={(event) => onChange(name, { ...rule, enabled: event.target.checked })}
            className="peer sr-only"
          />
          <span className="h-5 w-9 rounded-full bg-zinc-700 transition-colors peer-checked:bg-sky-600 peer-focus-visible:outline-2 peer-focus-visible:outline-offset-2 peer-focus-visible:outline-sky-400 peer-disabled:opacity-50" />
          <span className="absolute top-2 left-0.5 size-4 rounded-full bg-zinc-100 transition-transform peer-checked:translate-x-4" />
        </label>
      ),
    },
    {
      key: "rule",
      header: "Rule",
      cell: ({ name, rule }) => (
        <>
          <div className="pt-1 font-mono text-[13px] text-zinc-100">{name}</div>
          <div className="text-xs text-zinc-400">{BUILTIN_RULE_TEXT[name] ?? ""}</div>
          <div className="mt-0.5 max-w-prose text-xs text-zinc-300" data-rule-timing>
            {builtinRuleTiming(name, rule.numbers)}
          </div>
        </>
      ),
    },
    {
      key: "severity",
      header: "Severity",
      cell: ({ name, rule }) => <SeveritySelect label={`${name} severity`} value={rule.severity} onChange={(severity) => onChange(name, { ...rule, severity })} />,
    },
    {
      key: "settings",
      header: "Settings",
      cell: ({ name, rule }) => (
        <div className="flex flex-wrap gap-3">
          {Object.entries(rule.numbers).map(([field, text]) => {
            const meta = NUMBER_FIELD_LABELS[field] ?? { label: field, unit: "", hint: "", step: "any" };
            const error = errors[`builtin.${name}.${field}`];
            return (
              <RuleField key={field} error={error}>
                <label className="flex items-center gap-1.5 text-xs text-zinc-400" title={meta.hint}>
                  {meta.label}
                  <input
                    type="number"
                    inputMode="decimal"
                    step={meta.step}
                    min={0}
                    aria-label={`${name} ${meta.label}`}
                    aria-invalid={error ? true : undefined}
                    value={text}
                    onChange={(event) => onChange(name, { ...rule, numbers: { ...rule.numbers, [field]: event.target.value } })}
                    className={`${INPUT_CLASS} h-8 w-24 text-xs tabular ${invalidClass(error)}`}
                  />
                  <span className="text-zinc-400">{meta.unit}</span>
                </label>
              </RuleField>
            );
          })}
        </div>
      ),
    },
  ];
}

/** Every built-in rule: on/off, its severity, its `for` / hold / share, and in words how long it waits and why. */
export function BuiltinRulesTable({ rules, ...rest }: BuiltinRulesTableProps) {
  return (
    <DataTable
      scrollX
      density="normal"
      columns={builtinColumns(rest)}
      rows={Object.entries(rules).map(([name, rule]) => ({ name, rule }))}
      rowKey={(row) => row.name}
      rowProps={({ name, rule }) => ({ "data-builtin-rule": name, className: rule.enabled ? undefined : "opacity-80" })}
    />
  );
}
