"use client";

import { useState } from "react";
import { apiFetch, errorMessage } from "@/components/live/api-client";
import { Button } from "@/components/ui/Button";
import { INPUT_CLASS, LABEL_CLASS, SELECT_CLASS } from "@/components/ui/field-styles";
import { Modal } from "@/components/ui/Modal";
import type { PolicyView } from "@/lib/protocol/api/paging";
import { EMPTY_POLICY_FORM, formToBody, policyToForm, type PolicyForm, type TargetKind } from "./policy-form";

type Option = { id: string; name: string };
export type TargetOptions = Record<TargetKind, Option[]>;

const SEVERITIES = ["critical", "warning", "info"] as const;

/** Creates or replaces an escalation policy (admins). */
export function PolicyEditor({ policy, options, onClose, onSaved }: { policy: PolicyView | null; options: TargetOptions; onClose: () => void; onSaved: () => void }) {
  const [form, setForm] = useState<PolicyForm>(policy ? policyToForm(policy) : EMPTY_POLICY_FORM);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const set = (patch: Partial<PolicyForm>) => setForm((f) => ({ ...f, ...patch }));
  const setStep = (index: number, patch: Partial<PolicyForm["steps"][number]>) => set({ steps: form.steps.map((s, i) => (i === index ? { ...s, ...patch } : s)) });

  async function save() {
    const out = formToBody(form);
    if ("error" in out) {
      setError(out.error);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await apiFetch(policy ? `/api/v1/escalation-policies/${encodeURIComponent(policy.id)}` : "/api/v1/escalation-policies", { method: policy ? "PUT" : "POST", body: out.body });
      onSaved();
      onClose();
    } catch (cause) {
      setError(errorMessage(cause));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open
      title={policy ? `Edit ${policy.name}` : "New escalation policy"}
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" disabled={busy} onClick={() => void save()}>
            {busy ? "Saving…" : "Save"}
          </Button>
        </>
      }
    >
      <div className="flex flex-col gap-4 text-sm">
        <label className="flex flex-col gap-1">
          <span className={LABEL_CLASS}>Name</span>
          <input className={INPUT_CLASS} value={form.name} maxLength={200} onChange={(e) => set({ name: e.target.value })} />
        </label>
        <fieldset className="flex flex-wrap items-end gap-4">
          <legend className={`${LABEL_CLASS} mb-1`}>Pages for (a receiver&apos;s routing; no severity ticked: every severity)</legend>
          {SEVERITIES.map((severity) => (
            <label key={severity} className="flex items-center gap-1.5 text-zinc-300">
              <input
                type="checkbox"
                checked={form.severities.includes(severity)}
                onChange={(e) => set({ severities: e.target.checked ? [...form.severities, severity] : form.severities.filter((s) => s !== severity) })}
              />
              {severity}
            </label>
          ))}
          <label className="flex flex-col gap-1">
            <span className="text-xs text-zinc-400">Group by (labels)</span>
            <input className={`${INPUT_CLASS} w-48`} value={form.groupBy} onChange={(e) => set({ groupBy: e.target.value })} />
          </label>
          <label className="flex flex-col gap-1">
            <span className="text-xs text-zinc-400">Group wait (s)</span>
            <input type="number" min={0} className={`${INPUT_CLASS} w-24`} value={form.groupWaitSeconds} onChange={(e) => set({ groupWaitSeconds: e.target.value })} />
          </label>
        </fieldset>
        {form.matchers && <p className="text-xs text-zinc-400">Label matchers ({form.matchers.length}) set through the API are kept as they are.</p>}
        <fieldset className="flex flex-col gap-3">
          <legend className={`${LABEL_CLASS} mb-1`}>Steps</legend>
          {form.steps.map((step, index) => (
            <div key={index} className="flex flex-col gap-2 rounded-md border border-zinc-800 p-3">
              <div className="flex items-center gap-2">
                <span className="font-medium text-zinc-200">Step {index + 1}</span>
                {index === 0 ? (
                  <span className="text-xs text-zinc-400">when the page opens</span>
                ) : (
                  <label className="flex items-center gap-1.5 text-xs text-zinc-400">
                    after
                    <input type="number" min={1} max={1440} className={`${INPUT_CLASS} w-20`} value={step.delayMinutes} onChange={(e) => setStep(index, { delayMinutes: e.target.value })} />
                    min unacknowledged
                  </label>
                )}
                {form.steps.length > 1 && (
                  <Button size="sm" variant="ghost" className="ml-auto" onClick={() => set({ steps: form.steps.filter((_, i) => i !== index) })}>
                    Remove step
                  </Button>
                )}
              </div>
              {step.targets.map((target, t) => (
                <div key={t} className="flex items-center gap-2">
                  <select
                    className={SELECT_CLASS}
                    value={target.kind}
                    aria-label="Target kind"
                    onChange={(e) => setStep(index, { targets: step.targets.map((x, i) => (i === t ? { kind: e.target.value as TargetKind, id: "" } : x)) })}
                  >
                    <option value="schedule">schedule</option>
                    <option value="user">user</option>
                    <option value="receiver">receiver</option>
                  </select>
                  <select
                    className={`${SELECT_CLASS} min-w-48`}
                    value={target.id}
                    aria-label="Target"
                    onChange={(e) => setStep(index, { targets: step.targets.map((x, i) => (i === t ? { ...x, id: e.target.value } : x)) })}
                  >
                    <option value="">choose…</option>
                    {options[target.kind].map((o) => (
                      <option key={o.id} value={o.id}>
                        {o.name}
                      </option>
                    ))}
                  </select>
                  <Button size="sm" variant="ghost" onClick={() => setStep(index, { targets: step.targets.filter((_, i) => i !== t) })}>
                    Remove
                  </Button>
                </div>
              ))}
              {step.targets.length < 20 && (
                <Button size="sm" className="self-start" onClick={() => setStep(index, { targets: [...step.targets, { kind: "schedule", id: "" }] })}>
                  Add target
                </Button>
              )}
            </div>
          ))}
          {form.steps.length < 10 && (
            <Button size="sm" className="self-start" onClick={() => set({ steps: [...form.steps, { delayMinutes: "10", targets: [] }] })}>
              Add step
            </Button>
          )}
        </fieldset>
        <label className="flex items-center gap-2">
          <span className={LABEL_CLASS}>Repeat the steps</span>
          <input type="number" min={0} max={10} className={`${INPUT_CLASS} w-20`} value={form.repeat} onChange={(e) => set({ repeat: e.target.value })} />
          <span className="text-xs text-zinc-400">more times after the last step</span>
        </label>
        <label className="flex items-start gap-2">
          <input type="checkbox" className="mt-1" checked={form.recoveryAware} onChange={(e) => set({ recoveryAware: e.target.checked })} />
          <span>
            <span className="text-zinc-200">Recovery-aware</span>
            <span className="block text-xs text-zinc-400">
              Hold escalation while Vigil&apos;s failover or restart for the page&apos;s subject runs, and resolve the page with its outcome: people are woken only when Vigil could not fix it.
            </span>
          </span>
        </label>
        <label className="flex items-center gap-2">
          <input type="checkbox" checked={form.enabled} onChange={(e) => set({ enabled: e.target.checked })} />
          <span className="text-zinc-200">Enabled</span>
        </label>
        {error && (
          <p role="alert" className="text-sm text-red-300">
            {error}
          </p>
        )}
      </div>
    </Modal>
  );
}
