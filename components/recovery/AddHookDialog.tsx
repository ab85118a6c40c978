"use client";

import { Button } from "@/components/ui/Button";
import { INPUT_CLASS, LABEL_CLASS, SELECT_CLASS } from "@/components/ui/field-styles";
import { Modal } from "@/components/ui/Modal";
import type { HookOnError, HookPhase } from "@/lib/recovery/hooks";
import { PHASE_HELP } from "./hook-phases";
import { useHookForm } from "./use-hook-form";

type AddHookDialogProps = { open: boolean; onClose: () => void; onCreated: (secret: string) => void };

export function AddHookDialog({ open, onClose, onCreated }: AddHookDialogProps) {
  const { fields, set, toggleKind, offered, pending, failure, close, submit, canSubmit } = useHookForm(onCreated, onClose);

  return (
    <Modal open={open} title="Add recovery hook" onClose={close}>
      <form onSubmit={(event) => void submit(event)} className="space-y-3" data-testid="recovery-hook-form">
        <div className="grid gap-3 sm:grid-cols-2">
          <label className="space-y-1">
            <span className={LABEL_CLASS}>Name</span>
            <input value={fields.name} onChange={(event) => set("name", event.target.value)} maxLength={100} placeholder="change-freeze" className={`${INPUT_CLASS} w-full`} required />
          </label>
          <label className="space-y-1">
            <span className={LABEL_CLASS}>Phase</span>
            <select value={fields.phase} onChange={(event) => set("phase", event.target.value as HookPhase)} className={`${SELECT_CLASS} w-full`}>
              <option value="pre">pre (can veto)</option>
              <option value="execute">execute (performs)</option>
            </select>
          </label>
        </div>
        <p className="text-xs text-zinc-400">{PHASE_HELP[fields.phase]}</p>
        <label className="block space-y-1">
          <span className={LABEL_CLASS}>URL</span>
          <input
            type="url"
            value={fields.url}
            onChange={(event) => set("url", event.target.value)}
            maxLength={2000}
            placeholder="https://ops.example.com/vigil/pre-action"
            className={`${INPUT_CLASS} w-full font-mono`}
            required
          />
        </label>
        <fieldset className="space-y-1">
          <legend className={LABEL_CLASS}>Action kinds (none = all)</legend>
          <div className="flex flex-wrap gap-x-4 gap-y-1 pt-1">
            {offered.map((kind) => (
              <label key={kind} className="flex items-center gap-1.5 text-sm text-zinc-300">
                <input type="checkbox" checked={fields.kinds.includes(kind)} onChange={(event) => toggleKind(kind, event.target.checked)} className="size-4 accent-sky-500" />
                {kind}
              </label>
            ))}
          </div>
        </fieldset>
        <div className="grid gap-3 sm:grid-cols-2">
          <label className="space-y-1">
            <span className={LABEL_CLASS}>Replica groups (none = all)</span>
            <input value={fields.groups} onChange={(event) => set("groups", event.target.value)} placeholder="rg1, rg2" className={`${INPUT_CLASS} w-full font-mono`} />
          </label>
          <label className="space-y-1">
            <span className={LABEL_CLASS}>Timeout (ms)</span>
            <input type="number" min={100} max={60000} step={100} value={fields.timeoutMs} onChange={(event) => set("timeoutMs", event.target.value)} className={`${INPUT_CLASS} w-full`} />
          </label>
        </div>
        {fields.phase === "pre" && (
          <label className="block space-y-1">
            <span className={LABEL_CLASS}>When the hook errs or times out</span>
            <select value={fields.onError} onChange={(event) => set("onError", event.target.value as HookOnError)} className={`${SELECT_CLASS} w-full`}>
              <option value="veto">veto the action (when in doubt, don&apos;t act)</option>
              <option value="allow">allow the action</option>
            </select>
          </label>
        )}
        {failure && <p className="text-sm text-red-300">{failure}</p>}
        <div className="flex justify-end gap-2 pt-2">
          <Button onClick={close} disabled={pending}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" disabled={!canSubmit}>
            Add hook
          </Button>
        </div>
      </form>
    </Modal>
  );
}
