"use client";

import { useState } from "react";
import type { FormEvent } from "react";
import { SecretRevealModal } from "@/components/settings/SecretRevealModal";
import { Button } from "@/components/ui/Button";
import { ConfirmDialog } from "@/components/ui/ConfirmDialog";
import { EmptyState } from "@/components/ui/EmptyState";
import { ErrorState } from "@/components/ui/ErrorState";
import { INPUT_CLASS, LABEL_CLASS, SELECT_CLASS } from "@/components/ui/field-styles";
import { LoadingState } from "@/components/ui/LoadingState";
import { Modal } from "@/components/ui/Modal";
import { Panel } from "@/components/ui/Panel";
import { useApiResource } from "@/components/live/use-api-resource";
import type { HookActionKind, HookOnError, HookPhase } from "@/lib/recovery/hooks";
import type { RecoveryHookView } from "@/lib/store/recovery-hooks";
import { apiFetch, errorMessage } from "@/components/live/api-client";

type HooksResponse = { items: RecoveryHookView[] };

/** Kept here (types only from lib/recovery) so no server code reaches the browser. */
const ACTION_KINDS: readonly HookActionKind[] = ["restart", "promote", "follow", "run-hook", "remove-from-ring", "add-to-ring", "reweight"];
const EXECUTABLE_KINDS: ReadonlySet<HookActionKind> = new Set(["restart", "promote", "follow", "run-hook"]);

const PHASE_HELP: Record<HookPhase, string> = {
  pre: "Asked before each matching action; answering 409, 403 or { \"allow\": false } vetoes it.",
  execute: "Performs matching actions instead of the node's agent (e.g. a cloud API restarting a VM).",
};

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** HTTP hooks around recovery actions: pre hooks that can veto, execute hooks that act for the agent. */
export function HooksPanel({ canOperate }: { canOperate: boolean }) {
  const hooks = useApiResource<HooksResponse>("/api/v1/recovery/hooks");
  const [adding, setAdding] = useState(false);
  const [deleting, setDeleting] = useState<RecoveryHookView | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const items = hooks.data?.items ?? [];
  const cell = "px-3 py-2";

  const toggle = async (hook: RecoveryHookView) => {
    setFailure(null);
    try {
      await apiFetch(`/api/v1/recovery/hooks/${encodeURIComponent(hook.id)}`, { method: "PATCH", body: { enabled: !hook.enabled } });
      hooks.reload();
    } catch (error) {
      setFailure(errorMessage(error));
    }
  };

  return (
    <Panel
      title="Hooks"
      actions={
        canOperate ? (
          <Button size="sm" onClick={() => setAdding(true)} data-testid="recovery-hook-add">
            Add hook
          </Button>
        ) : null
      }
      bodyClassName="p-0"
    >
      {!hooks.data ? (
        hooks.error ? <ErrorState message={hooks.error} onRetry={hooks.reload} className="h-24" /> : <LoadingState className="h-24" />
      ) : items.length === 0 ? (
        <EmptyState title="No recovery hooks" className="h-24">
          Actions run through the nodes&apos; agents. A pre hook can veto actions; an execute hook can perform them through an HTTP API.
        </EmptyState>
      ) : (
        <table className="w-full text-sm" data-testid="recovery-hooks">
          <thead className="text-left text-xs tracking-wide text-zinc-500 uppercase">
            <tr className="border-b border-zinc-800">
              <th className={`${cell} pl-4 font-medium`}>Name</th>
              <th className={`${cell} font-medium`}>Phase</th>
              <th className={`${cell} font-medium`}>Applies to</th>
              <th className={`${cell} font-medium`}>Endpoint</th>
              <th className={`${cell} pr-4`}>
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-800/70">
            {items.map((hook) => (
              <tr key={hook.id} data-hook-name={hook.name} className={hook.enabled ? "" : "text-zinc-500"}>
                <td className={`${cell} pl-4 font-medium`}>
                  {hook.name}
                  {!hook.enabled && <span className="ml-2 rounded-full bg-zinc-800 px-2 py-0.5 text-xs font-normal text-zinc-400">disabled</span>}
                </td>
                <td className={`${cell} whitespace-nowrap`} title={PHASE_HELP[hook.phase]}>
                  {hook.phase}
                  {hook.phase === "pre" && <span className="text-xs text-zinc-500"> · on error {hook.onError}</span>}
                </td>
                <td className={`${cell} font-mono text-xs text-zinc-400`}>
                  {hook.actionKinds.length ? hook.actionKinds.join(", ") : "all kinds"}
                  {hook.groupIds.length > 0 && <span> in {hook.groupIds.join(", ")}</span>}
                </td>
                <td className={`${cell} font-mono text-xs text-zinc-400`} title={hook.url}>
                  {hostOf(hook.url)}
                  <span className="text-zinc-600"> · {hook.timeoutMs} ms</span>
                </td>
                <td className={`${cell} pr-4 text-right whitespace-nowrap`}>
                  {canOperate && (
                    <>
                      <Button size="sm" variant="ghost" onClick={() => void toggle(hook)}>
                        {hook.enabled ? "Disable" : "Enable"}
                      </Button>
                      <Button size="sm" variant="ghost" onClick={() => setDeleting(hook)}>
                        Delete
                      </Button>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {failure && <p className="px-4 py-2 text-xs text-red-300">{failure}</p>}
      {canOperate && (
        <AddHookDialog
          open={adding}
          onClose={() => setAdding(false)}
          onCreated={(created) => {
            setAdding(false);
            setSecret(created);
            hooks.reload();
          }}
        />
      )}
      <ConfirmDialog
        open={deleting !== null}
        title={deleting ? `Delete hook ${deleting.name}?` : "Delete hook?"}
        confirmLabel="Delete"
        onConfirm={async () => {
          if (!deleting) return;
          await apiFetch(`/api/v1/recovery/hooks/${encodeURIComponent(deleting.id)}`, { method: "DELETE" });
          hooks.reload();
        }}
        onClose={() => setDeleting(null)}
      >
        {deleting?.phase === "pre" ? "Matching actions will no longer be checked by this hook before they run." : "Matching actions will be sent to the nodes' agents again."}
      </ConfirmDialog>
      <SecretRevealModal
        secret={secret}
        title="Hook signing secret"
        usage="Requests to this hook are signed with it (Standard Webhooks: webhook-id, webhook-timestamp, webhook-signature). Verify every request with it before acting."
        storage="signing"
        onClose={() => setSecret(null)}
      />
    </Panel>
  );
}

type AddHookDialogProps = { open: boolean; onClose: () => void; onCreated: (secret: string) => void };

function AddHookDialog({ open, onClose, onCreated }: AddHookDialogProps) {
  const [name, setName] = useState("");
  const [url, setUrl] = useState("");
  const [phase, setPhase] = useState<HookPhase>("pre");
  const [kinds, setKinds] = useState<HookActionKind[]>([]);
  const [groups, setGroups] = useState("");
  const [timeoutMs, setTimeoutMs] = useState("5000");
  const [onError, setOnError] = useState<HookOnError>("veto");
  const [pending, setPending] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  const offered = phase === "execute" ? ACTION_KINDS.filter((kind) => EXECUTABLE_KINDS.has(kind)) : ACTION_KINDS;
  const reset = () => {
    setName("");
    setUrl("");
    setPhase("pre");
    setKinds([]);
    setGroups("");
    setTimeoutMs("5000");
    setOnError("veto");
    setFailure(null);
  };
  const close = () => {
    if (pending) return;
    reset();
    onClose();
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setPending(true);
    setFailure(null);
    try {
      const body = {
        name: name.trim(),
        url: url.trim(),
        phase,
        actionKinds: kinds.filter((kind) => offered.includes(kind)),
        groupIds: groups.split(",").map((group) => group.trim()).filter(Boolean),
        timeoutMs: Number(timeoutMs),
        ...(phase === "pre" ? { onError } : {}),
      };
      const created = await apiFetch<{ secret: string }>("/api/v1/recovery/hooks", { method: "POST", body });
      reset();
      onCreated(created.secret);
    } catch (error) {
      setFailure(errorMessage(error));
    } finally {
      setPending(false);
    }
  };

  return (
    <Modal open={open} title="Add recovery hook" onClose={close}>
      <form onSubmit={(event) => void submit(event)} className="space-y-3" data-testid="recovery-hook-form">
        <div className="grid gap-3 sm:grid-cols-2">
          <label className="space-y-1">
            <span className={LABEL_CLASS}>Name</span>
            <input value={name} onChange={(event) => setName(event.target.value)} maxLength={100} placeholder="change-freeze" className={`${INPUT_CLASS} w-full`} required />
          </label>
          <label className="space-y-1">
            <span className={LABEL_CLASS}>Phase</span>
            <select value={phase} onChange={(event) => setPhase(event.target.value as HookPhase)} className={`${SELECT_CLASS} w-full`}>
              <option value="pre">pre (can veto)</option>
              <option value="execute">execute (performs)</option>
            </select>
          </label>
        </div>
        <p className="text-xs text-zinc-500">{PHASE_HELP[phase]}</p>
        <label className="block space-y-1">
          <span className={LABEL_CLASS}>URL</span>
          <input type="url" value={url} onChange={(event) => setUrl(event.target.value)} maxLength={2000} placeholder="https://ops.example.com/vigil/pre-action" className={`${INPUT_CLASS} w-full font-mono`} required />
        </label>
        <fieldset className="space-y-1">
          <legend className={LABEL_CLASS}>Action kinds (none = all)</legend>
          <div className="flex flex-wrap gap-x-4 gap-y-1 pt-1">
            {offered.map((kind) => (
              <label key={kind} className="flex items-center gap-1.5 text-sm text-zinc-300">
                <input
                  type="checkbox"
                  checked={kinds.includes(kind)}
                  onChange={(event) => setKinds((current) => (event.target.checked ? [...current, kind] : current.filter((k) => k !== kind)))}
                  className="size-4 accent-sky-500"
                />
                {kind}
              </label>
            ))}
          </div>
        </fieldset>
        <div className="grid gap-3 sm:grid-cols-2">
          <label className="space-y-1">
            <span className={LABEL_CLASS}>Replica groups (none = all)</span>
            <input value={groups} onChange={(event) => setGroups(event.target.value)} placeholder="rg1, rg2" className={`${INPUT_CLASS} w-full font-mono`} />
          </label>
          <label className="space-y-1">
            <span className={LABEL_CLASS}>Timeout (ms)</span>
            <input type="number" min={100} max={60000} step={100} value={timeoutMs} onChange={(event) => setTimeoutMs(event.target.value)} className={`${INPUT_CLASS} w-full`} />
          </label>
        </div>
        {phase === "pre" && (
          <label className="block space-y-1">
            <span className={LABEL_CLASS}>When the hook errs or times out</span>
            <select value={onError} onChange={(event) => setOnError(event.target.value as HookOnError)} className={`${SELECT_CLASS} w-full`}>
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
          <Button type="submit" variant="primary" disabled={pending || !name.trim() || !url.trim()}>
            Add hook
          </Button>
        </div>
      </form>
    </Modal>
  );
}
