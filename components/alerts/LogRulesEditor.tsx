"use client";

import { Plus, Trash2 } from "lucide-react";
import { Button } from "@/components/ui/Button";
import { EmptyState } from "@/components/ui/EmptyState";
import { INPUT_CLASS, SELECT_CLASS } from "@/components/ui/field-styles";
import { LOG_LEVELS_ASCENDING, isLogLevel } from "@/components/logs/log-levels";
import { emptyLogRule, logPatternProblem, type FieldErrors, type LogRuleDraft } from "@/components/alerts/rules-draft";
import { invalidClass, RuleField } from "./RuleField";
import { RuleLabel } from "./RuleLabel";
import { SeveritySelect } from "./SeveritySelect";

type LogRulesEditorProps = {
  rules: readonly LogRuleDraft[];
  errors: FieldErrors;
  onChange: (rules: LogRuleDraft[]) => void;
};


/** Fires for a node when enough of its log lines match a pattern within a window. */
export function LogRulesEditor({ rules, errors, onChange }: LogRulesEditorProps) {
  const update = (index: number, patch: Partial<LogRuleDraft>) => onChange(rules.map((rule, at) => (at === index ? { ...rule, ...patch } : rule)));
  const remove = (index: number) => onChange(rules.filter((_, at) => at !== index));

  return (
    <div>
      {rules.length === 0 ? (
        <EmptyState title="No log rules" className="h-24">
          Alert when a node logs a pattern often, e.g. 5 “Out of memory” errors in 5 minutes.
        </EmptyState>
      ) : (
        <ol className="divide-y divide-zinc-800/70">
          {rules.map((rule, index) => {
            const path = `log.${index}`;
            // A pattern RE2 refuses is said at once (before saving), and so is one stored before
            // RE2 was required: the server keeps it but it matches no line until fixed.
            const livePattern = rule.pattern ? logPatternProblem(rule.pattern, rule.ignoreCase) : null;
            const error = (field: string) => errors[`${path}.${field}`] ?? (field === "pattern" ? (livePattern ?? undefined) : undefined);
            return (
              <li key={rule.key} className="flex flex-wrap items-start gap-2 px-4 py-3" data-log-rule={rule.name || `new-${index}`}>
                <RuleField error={error("name")} className="w-44">
                  <RuleLabel label="Name (alertname)">
                    <input value={rule.name} onChange={(event) => update(index, { name: event.target.value })} placeholder="OomKills" className={`${INPUT_CLASS} h-8 w-full font-mono text-xs ${invalidClass(error("name"))}`} />
                  </RuleLabel>
                </RuleField>
                <RuleField error={error("pattern")} className="w-64">
                  <RuleLabel label="Pattern (RE2 regex, searched)">
                    <input value={rule.pattern} onChange={(event) => update(index, { pattern: event.target.value })} placeholder="Out of memory|OOM" spellCheck={false} className={`${INPUT_CLASS} h-8 w-full font-mono text-xs ${invalidClass(error("pattern"))}`} />
                  </RuleLabel>
                  <label className="mt-1 flex items-center gap-1.5 text-xs text-zinc-400">
                    <input type="checkbox" checked={rule.ignoreCase} onChange={(event) => update(index, { ignoreCase: event.target.checked })} className="size-3.5 accent-sky-500" />
                    ignore case
                  </label>
                </RuleField>
                <RuleLabel label="Min level">
                  <select value={rule.minLevel} onChange={(event) => update(index, { minLevel: isLogLevel(event.target.value) ? event.target.value : "" })} className={`${SELECT_CLASS} h-8 w-24 text-xs`}>
                    <option value="">any</option>
                    {LOG_LEVELS_ASCENDING.map((level) => (
                      <option key={level} value={level}>
                        {level}
                      </option>
                    ))}
                  </select>
                </RuleLabel>
                <RuleField error={error("threshold")} className="w-24">
                  <RuleLabel label="At least">
                    <input type="number" min={1} step={1} value={rule.threshold} onChange={(event) => update(index, { threshold: event.target.value })} className={`${INPUT_CLASS} h-8 w-full text-xs tabular ${invalidClass(error("threshold"))}`} />
                  </RuleLabel>
                </RuleField>
                <RuleField error={error("windowSeconds")} className="w-24">
                  <RuleLabel label="Window (s)">
                    <input type="number" min={1} step={1} value={rule.windowSeconds} onChange={(event) => update(index, { windowSeconds: event.target.value })} className={`${INPUT_CLASS} h-8 w-full text-xs tabular ${invalidClass(error("windowSeconds"))}`} />
                  </RuleLabel>
                </RuleField>
                <RuleLabel label="Severity">
                  <SeveritySelect label={`Severity of log rule ${index + 1}`} value={rule.severity} onChange={(severity) => update(index, { severity })} />
                </RuleLabel>
                <RuleLabel label="Zone">
                  <input value={rule.scopeZone} onChange={(event) => update(index, { scopeZone: event.target.value })} placeholder="any" className={`${INPUT_CLASS} h-8 w-24 text-xs`} />
                </RuleLabel>
                <RuleLabel label="Replica group">
                  <input value={rule.scopeGroup} onChange={(event) => update(index, { scopeGroup: event.target.value })} placeholder="any" className={`${INPUT_CLASS} h-8 w-24 text-xs`} />
                </RuleLabel>
                <button type="button" onClick={() => remove(index)} aria-label={`Delete log rule ${rule.name || index + 1}`} className="mt-4 ml-auto rounded p-2 text-zinc-400 hover:bg-zinc-800 hover:text-red-300">
                  <Trash2 className="size-4" aria-hidden />
                </button>
              </li>
            );
          })}
        </ol>
      )}
      <div className="border-t border-zinc-800 px-4 py-2">
        <Button size="sm" variant="ghost" onClick={() => onChange([...rules, emptyLogRule()])}>
          <Plus className="size-3.5" aria-hidden />
          Add log rule
        </Button>
      </div>
    </div>
  );
}
