"use client";

import { Plus, Trash2 } from "lucide-react";
import { Button } from "@/components/ui/Button";
import { EmptyState } from "@/components/ui/EmptyState";
import { INPUT_CLASS, SELECT_CLASS } from "@/components/ui/field-styles";
import { CHART_METRICS } from "@/components/charts/metric-series";
import { METRIC_OPS, emptyMetricRule, type FieldErrors, type MetricRuleDraft } from "@/components/alerts/rules-draft";
import { invalidClass, RuleField } from "./RuleField";
import { RuleLabel } from "./RuleLabel";
import { SeveritySelect } from "./SeveritySelect";

const CUSTOM = "__custom";
/** Units as agents report them: utilisation and error rate are 0–1 fractions. */
const METRIC_UNITS: Record<string, string> = { cpu: "0–1", mem: "0–1", disk: "0–1", errorRate: "0–1", netIn: "B/s", netOut: "B/s", latencyMs: "ms", load1: "" };

type MetricRulesEditorProps = {
  rules: readonly MetricRuleDraft[];
  errors: FieldErrors;
  onChange: (rules: MetricRuleDraft[]) => void;
};


/** Threshold rules on a heartbeat metric or custom gauge, per node, optionally for one zone or group. */
export function MetricRulesEditor({ rules, errors, onChange }: MetricRulesEditorProps) {
  const update = (index: number, patch: Partial<MetricRuleDraft>) => onChange(rules.map((rule, at) => (at === index ? { ...rule, ...patch } : rule)));
  const remove = (index: number) => onChange(rules.filter((_, at) => at !== index));

  return (
    <div>
      {rules.length === 0 ? (
        <EmptyState title="No metric rules" className="h-24">
          Alert when a node&apos;s metric crosses a threshold for a while, e.g. CPU &gt; 0.9 for 5 minutes.
        </EmptyState>
      ) : (
        <ol className="divide-y divide-zinc-800/70">
          {rules.map((rule, index) => {
            const path = `metric.${index}`;
            const standard = (CHART_METRICS as readonly string[]).includes(rule.metric);
            const error = (field: string) => errors[`${path}.${field}`];
            return (
              <li key={rule.key} className="flex flex-wrap items-start gap-2 px-4 py-3" data-metric-rule={rule.name || `new-${index}`}>
                <RuleField error={error("name")} className="w-44">
                  <RuleLabel label="Name (alertname)">
                    <input value={rule.name} onChange={(event) => update(index, { name: event.target.value })} placeholder="HighCpu" className={`${INPUT_CLASS} h-8 w-full font-mono text-xs ${invalidClass(error("name"))}`} />
                  </RuleLabel>
                </RuleField>
                <RuleField error={error("metric")}>
                  <RuleLabel label="Metric">
                    <span className="flex gap-1">
                      <select
                        value={standard ? rule.metric : CUSTOM}
                        onChange={(event) => update(index, { metric: event.target.value === CUSTOM ? "" : event.target.value })}
                        className={`${SELECT_CLASS} h-8 w-28 text-xs`}
                      >
                        {CHART_METRICS.map((metric) => (
                          <option key={metric} value={metric}>
                            {metric}
                          </option>
                        ))}
                        <option value={CUSTOM}>custom gauge…</option>
                      </select>
                      {!standard && (
                        <input
                          value={rule.metric}
                          onChange={(event) => update(index, { metric: event.target.value })}
                          placeholder="gauge name"
                          aria-label="Custom gauge name"
                          className={`${INPUT_CLASS} h-8 w-28 font-mono text-xs ${invalidClass(error("metric"))}`}
                        />
                      )}
                    </span>
                  </RuleLabel>
                </RuleField>
                <RuleLabel label="Op">
                  <select value={rule.op} onChange={(event) => update(index, { op: METRIC_OPS.find((op) => op === event.target.value) ?? rule.op })} className={`${INPUT_CLASS} h-8 w-20 font-mono text-xs`}>
                    {METRIC_OPS.map((op) => (
                      <option key={op} value={op}>
                        {op}
                      </option>
                    ))}
                  </select>
                </RuleLabel>
                <RuleField error={error("threshold")} className="w-28">
                  <RuleLabel label={`Threshold${METRIC_UNITS[rule.metric] ? ` (${METRIC_UNITS[rule.metric]})` : ""}`}>
                    <input type="number" step="any" value={rule.threshold} onChange={(event) => update(index, { threshold: event.target.value })} className={`${INPUT_CLASS} h-8 w-full text-xs tabular ${invalidClass(error("threshold"))}`} />
                  </RuleLabel>
                </RuleField>
                <RuleField error={error("forSeconds")} className="w-24">
                  <RuleLabel label="For (s)">
                    <input type="number" min={0} step={1} value={rule.forSeconds} onChange={(event) => update(index, { forSeconds: event.target.value })} className={`${INPUT_CLASS} h-8 w-full text-xs tabular ${invalidClass(error("forSeconds"))}`} />
                  </RuleLabel>
                </RuleField>
                <RuleLabel label="Severity">
                  <SeveritySelect label={`Severity of metric rule ${index + 1}`} value={rule.severity} onChange={(severity) => update(index, { severity })} />
                </RuleLabel>
                <RuleLabel label="Zone">
                  <input value={rule.scopeZone} onChange={(event) => update(index, { scopeZone: event.target.value })} placeholder="any" className={`${INPUT_CLASS} h-8 w-28 text-xs`} />
                </RuleLabel>
                <RuleLabel label="Replica group">
                  <input value={rule.scopeGroup} onChange={(event) => update(index, { scopeGroup: event.target.value })} placeholder="any" className={`${INPUT_CLASS} h-8 w-28 text-xs`} />
                </RuleLabel>
                <button type="button" onClick={() => remove(index)} aria-label={`Delete metric rule ${rule.name || index + 1}`} className="mt-4 ml-auto rounded p-2 text-zinc-400 hover:bg-zinc-800 hover:text-red-300">
                  <Trash2 className="size-4" aria-hidden />
                </button>
                {rule.scopeLabels && <p className="w-full text-xs text-zinc-400">Also scoped to node labels {Object.entries(rule.scopeLabels).map(([name, value]) => `${name}=${value}`).join(", ")} (kept as is).</p>}
              </li>
            );
          })}
        </ol>
      )}
      <div className="border-t border-zinc-800 px-4 py-2">
        <Button size="sm" variant="ghost" onClick={() => onChange([...rules, emptyMetricRule()])}>
          <Plus className="size-3.5" aria-hidden />
          Add metric rule
        </Button>
      </div>
    </div>
  );
}
