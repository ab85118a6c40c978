"use client";

import { RotateCcw, Save } from "lucide-react";
import { useMemo, useState } from "react";
import type { AlertRules } from "@/lib/alerts";
import { hasRole, useCurrentUser } from "@/components/layout/CurrentUserProvider";
import { PageHeader } from "@/components/layout/PageHeader";
import { useApiResource } from "@/components/live/use-api-resource";
import { SectionMessage } from "@/components/settings/SectionMessage";
import { Button } from "@/components/ui/Button";
import { ErrorState } from "@/components/ui/ErrorState";
import { LoadingState } from "@/components/ui/LoadingState";
import { Panel } from "@/components/ui/Panel";
import { ApiError, apiFetch, errorMessage } from "@/components/live/api-client";
import { draftFromRules, logPatternProblem, rulesFromDraft, serverFieldErrors, type FieldErrors, type RulesDraft } from "@/components/alerts/rules-draft";
import { BuiltinRulesTable } from "./BuiltinRulesTable";
import { LogRulesEditor } from "./LogRulesEditor";
import { MetricRulesEditor } from "./MetricRulesEditor";

type RulesResponse = { rules: AlertRules };

function countErrors(errors: FieldErrors, prefix: string): number {
  return Object.keys(errors).filter((key) => key.startsWith(prefix)).length;
}

function RulesEditor({ saved, canEdit, onSaved }: { saved: AlertRules; canEdit: boolean; onSaved: (rules: AlertRules) => void }) {
  const initial = useMemo(() => draftFromRules(saved), [saved]);
  const [draft, setDraft] = useState<RulesDraft>(initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [pending, setPending] = useState(false);
  const [notice, setNotice] = useState<{ tone: "error" | "info"; text: string } | null>(null);

  const savedJson = useMemo(() => JSON.stringify(rulesFromDraft(initial).rules), [initial]);
  // Patterns saved before RE2 was required are kept by the server but match no line.
  const storedNonRe2 = useMemo(() => saved.log.filter((rule) => logPatternProblem(rule.pattern, rule.ignoreCase) !== null).map((rule) => rule.name), [saved]);
  const current = rulesFromDraft(draft);
  const dirty = JSON.stringify(current.rules) !== savedJson;

  const change = (next: RulesDraft) => {
    setDraft(next);
    setNotice(null);
    // Errors are recomputed on save; drop the ones the operator has since fixed so red means "still wrong".
    if (Object.keys(errors).length > 0) {
      const recheck = rulesFromDraft(next).errors;
      setErrors((previous) => Object.fromEntries(Object.entries(previous).filter(([key]) => key in recheck || key === "")));
    }
  };

  const save = async () => {
    if (current.errors && Object.keys(current.errors).length > 0) {
      setErrors(current.errors);
      setNotice({ tone: "error", text: `Not saved: ${Object.keys(current.errors).length} field${Object.keys(current.errors).length === 1 ? " needs" : "s need"} fixing (marked in red).` });
      return;
    }
    setPending(true);
    setErrors({});
    setNotice(null);
    try {
      const answer = await apiFetch<RulesResponse>("/api/v1/rules", { method: "PUT", body: current.rules });
      onSaved(answer.rules);
      setNotice({ tone: "info", text: "Saved. The next evaluation uses these rules." });
    } catch (error) {
      if (error instanceof ApiError && error.status === 400) {
        const fields = serverFieldErrors(error.message);
        setErrors(fields);
        setNotice({ tone: "error", text: fields[""] ?? `The server refused the rules: ${error.message}` });
      } else {
        setNotice({ tone: "error", text: errorMessage(error) });
      }
    } finally {
      setPending(false);
    }
  };

  const badge = (prefix: string) => {
    const count = countErrors(errors, prefix);
    return count > 0 ? <span className="text-red-300">{count} to fix</span> : null;
  };

  return (
    <div className="flex flex-col gap-4 px-6 pt-6">
      {!canEdit && <SectionMessage tone="info" message="Read only: changing rules needs the operator role." />}
      {storedNonRe2.length > 0 && (
        <SectionMessage tone="error" message={`Log rule${storedNonRe2.length === 1 ? "" : "s"} ${storedNonRe2.join(", ")}: the pattern is not RE2 (saved before Vigil required it) and matches no line until fixed.`} />
      )}
      <fieldset disabled={!canEdit || pending} className="flex min-w-0 flex-col gap-4">
        <Panel title="Built-in rules" actions={badge("builtin.") ?? <span>{Object.values(draft.builtin).filter((rule) => rule.enabled).length} on</span>} bodyClassName="p-0">
          <BuiltinRulesTable rules={draft.builtin} errors={errors} onChange={(name, rule) => change({ ...draft, builtin: { ...draft.builtin, [name]: rule } })} />
        </Panel>
        <Panel title="Custom metric rules" actions={badge("metric.") ?? <span>{draft.metric.length}</span>} bodyClassName="p-0">
          <MetricRulesEditor rules={draft.metric} errors={errors} onChange={(metric) => change({ ...draft, metric })} />
        </Panel>
        <Panel title="Custom log rules" actions={badge("log.") ?? <span>{draft.log.length}</span>} bodyClassName="p-0">
          <LogRulesEditor rules={draft.log} errors={errors} onChange={(log) => change({ ...draft, log })} />
        </Panel>
      </fieldset>
      {canEdit && (
        <div className="sticky bottom-0 z-10 -mx-6 flex flex-wrap items-center gap-3 border-t border-zinc-800 bg-zinc-950/95 px-6 py-3 backdrop-blur" data-testid="rules-save-bar">
          <div className="min-w-0 flex-1">
            {notice ? (
              <p role={notice.tone === "error" ? "alert" : "status"} className={`text-sm ${notice.tone === "error" ? "text-red-300" : "text-green-300"}`}>
                {notice.text}
              </p>
            ) : (
              <p className="text-sm text-zinc-400">{dirty ? "Unsaved changes." : "No changes."} Save sends the whole rule set.</p>
            )}
          </div>
          <Button
            onClick={() => {
              setDraft(initial);
              setErrors({});
              setNotice(null);
            }}
            disabled={!dirty || pending}
          >
            <RotateCcw className="size-4" aria-hidden />
            Discard
          </Button>
          <Button variant="primary" onClick={save} disabled={!dirty || pending}>
            <Save className="size-4" aria-hidden />
            {pending ? "Saving…" : "Save rules"}
          </Button>
        </div>
      )}
    </div>
  );
}

/** Built-in rules, custom metric and log rules; edited as one document and saved whole. */
export function RulesView() {
  const canEdit = hasRole(useCurrentUser(), "operator");
  const rules = useApiResource<RulesResponse>("/api/v1/rules");

  return (
    <>
      <PageHeader title="Alert rules" subtitle="What makes an alert fire. Custom rules' names become the alertname receivers and silences match on." />
      {rules.data ? (
        <RulesEditor saved={rules.data.rules} canEdit={canEdit} onSaved={(saved) => rules.setData({ rules: saved })} />
      ) : (
        <div className="p-6">{rules.error ? <ErrorState message={rules.error} onRetry={rules.reload} className="h-64" /> : <LoadingState label="Loading rules…" className="h-64" />}</div>
      )}
    </>
  );
}
