"use client";

import { Plus, X } from "lucide-react";
import { Button } from "@/components/ui/Button";
import { INPUT_CLASS } from "@/components/ui/field-styles";
import { MATCH_OPERATORS, matcherOperator, matcherValueProblem, matcherWithOperator, type LabelMatcher, type MatchOperator } from "@/components/alerts/alert-matchers";

const OPERATOR_TITLES: Record<MatchOperator, string> = {
  "=": "equals",
  "!=": "does not equal",
  "=~": "matches the regex (whole value)",
  "!~": "does not match the regex",
};

type MatchersEditorProps = {
  matchers: readonly LabelMatcher[];
  onChange: (matchers: LabelMatcher[]) => void;
  disabled?: boolean;
};

function isOperator(value: string): value is MatchOperator {
  return (MATCH_OPERATORS as readonly string[]).includes(value);
}

/** One row per matcher: label, operator (= != =~ !~), value. */
export function MatchersEditor({ matchers, onChange, disabled = false }: MatchersEditorProps) {
  const update = (index: number, next: LabelMatcher) => onChange(matchers.map((matcher, at) => (at === index ? next : matcher)));
  const remove = (index: number) => onChange(matchers.filter((_, at) => at !== index));
  const add = () => onChange([...matchers, { name: "", value: "", isRegex: false, isEqual: true }]);

  return (
    <div className="space-y-2" data-testid="matchers-editor">
      {matchers.map((matcher, index) => {
        // Said while typing, before submit: the server refuses the same (RE2 patterns, lib/alerts/pattern).
        const problem = matcher.value ? matcherValueProblem(matcher) : null;
        return (
          <div key={index} data-matcher-row={index}>
            <div className="flex items-center gap-1.5">
              <input
                aria-label={`Label of matcher ${index + 1}`}
                placeholder="label"
                value={matcher.name}
                disabled={disabled}
                onChange={(event) => update(index, { ...matcher, name: event.target.value.trim() })}
                className={`${INPUT_CLASS} h-8 w-32 font-mono text-xs`}
                autoComplete="off"
                spellCheck={false}
              />
              <select
                aria-label={`Operator of matcher ${index + 1}`}
                value={matcherOperator(matcher)}
                disabled={disabled}
                title={OPERATOR_TITLES[matcherOperator(matcher)]}
                onChange={(event) => {
                  if (isOperator(event.target.value)) update(index, matcherWithOperator(matcher.name, event.target.value, matcher.value));
                }}
                className={`${INPUT_CLASS} h-8 w-20 font-mono text-xs`}
              >
                {MATCH_OPERATORS.map((operator) => (
                  <option key={operator} value={operator} title={OPERATOR_TITLES[operator]}>
                    {operator}
                  </option>
                ))}
              </select>
              <input
                aria-label={`Value of matcher ${index + 1}`}
                placeholder={matcher.isRegex ? "regex" : "value"}
                value={matcher.value}
                disabled={disabled}
                onChange={(event) => update(index, { ...matcher, value: event.target.value })}
                aria-invalid={problem ? true : undefined}
                aria-describedby={problem ? `matcher-${index}-problem` : undefined}
                className={`${INPUT_CLASS} h-8 min-w-0 flex-1 font-mono text-xs ${problem ? "border-red-500/70" : ""}`}
                autoComplete="off"
                spellCheck={false}
              />
              <button
                type="button"
                onClick={() => remove(index)}
                disabled={disabled}
                aria-label={`Remove matcher ${index + 1}`}
                className="rounded p-1.5 text-zinc-400 hover:bg-zinc-800 hover:text-zinc-200 disabled:opacity-50"
              >
                <X className="size-3.5" aria-hidden />
              </button>
            </div>
            {problem ? (
              <p id={`matcher-${index}-problem`} className="mt-1 text-xs text-red-300" data-matcher-problem={index}>
                {problem}
              </p>
            ) : null}
          </div>
        );
      })}
      <Button size="sm" variant="ghost" onClick={add} disabled={disabled}>
        <Plus className="size-3.5" aria-hidden />
        Add matcher
      </Button>
    </div>
  );
}
