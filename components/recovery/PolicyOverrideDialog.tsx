"use client";

import { useState } from "react";
import { Button } from "@/components/ui/Button";
import { LABEL_CLASS, SELECT_CLASS } from "@/components/ui/field-styles";
import { Modal } from "@/components/ui/Modal";
import { apiFetch, errorMessage } from "@/components/live/api-client";
import { overrideRestJson, parseOverrideJson, withGroupOverride, withoutGroupOverride } from "@/components/recovery/recovery-policy";
import { MODES } from "./recovery-types";
import type { PolicyDocument, RecoveryMode } from "./recovery-types";

type PolicyOverrideDialogProps = {
  /** The group being edited; null when closed. "" = a new override, the group chosen in the dialog. */
  groupId: string | null;
  policies: PolicyDocument;
  groupIds: readonly string[];
  onSaved: () => void;
  onClose: () => void;
};

/** Mode per group, plus any other field as JSON that the server validates (400 says what is wrong). */
export function PolicyOverrideDialog(props: PolicyOverrideDialogProps) {
  return (
    <Modal open={props.groupId !== null} title={props.groupId ? `Policy for ${props.groupId}` : "New group override"} onClose={props.onClose}>
      {props.groupId !== null && <OverrideForm key={props.groupId} {...props} groupId={props.groupId} />}
    </Modal>
  );
}

function OverrideForm({ groupId, policies, groupIds, onSaved, onClose }: PolicyOverrideDialogProps & { groupId: string }) {
  const existing = groupId ? policies.groups[groupId] : undefined;
  const [group, setGroup] = useState(groupId);
  const [mode, setMode] = useState<RecoveryMode | "">(existing?.mode ?? "");
  const [json, setJson] = useState(overrideRestJson(existing));
  const [pending, setPending] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const parsed = parseOverrideJson(json);
  const available = groupIds.filter((id) => !(id in policies.groups));

  const put = async (document: PolicyDocument) => {
    setPending(true);
    setFailure(null);
    try {
      await apiFetch("/api/v1/policies", { method: "PUT", body: document });
      onSaved();
      onClose();
    } catch (error) {
      setFailure(errorMessage(error));
    } finally {
      setPending(false);
    }
  };
  const save = () => {
    if (!parsed.ok || !group) return;
    void put(withGroupOverride(policies, group, mode || null, parsed.value) as PolicyDocument);
  };

  return (
    <div className="space-y-4" data-testid="recovery-policy-editor">
      {!groupId && (
        <label className="block space-y-1">
          <span className={LABEL_CLASS}>Replica group</span>
          <select value={group} onChange={(event) => setGroup(event.target.value)} className={`${SELECT_CLASS} w-full font-mono`}>
            <option value="">choose a group…</option>
            {available.map((id) => (
              <option key={id} value={id}>
                {id}
              </option>
            ))}
          </select>
        </label>
      )}
      <label className="block space-y-1">
        <span className={LABEL_CLASS}>Mode</span>
        <select value={mode} onChange={(event) => setMode(event.target.value as RecoveryMode | "")} className={`${SELECT_CLASS} w-full`} data-testid="recovery-policy-mode">
          <option value="">inherit the default ({policies.default.mode})</option>
          {MODES.map((value) => (
            <option key={value} value={value}>
              {value}
            </option>
          ))}
        </select>
      </label>
      <details open={json !== ""} className="rounded-md border border-zinc-800">
        <summary className="cursor-pointer px-3 py-1.5 text-xs text-zinc-400">Advanced: other fields as JSON</summary>
        <div className="space-y-1 px-3 pb-3">
          <textarea
            value={json}
            onChange={(event) => setJson(event.target.value)}
            rows={7}
            spellCheck={false}
            placeholder={'{ "failover": { "confirmWindowMs": 2000 }, "minAvailableReplicas": 2 }'}
            className="w-full rounded-md border border-zinc-700 bg-zinc-950 p-2 font-mono text-xs text-zinc-100 placeholder:text-zinc-400 focus:border-sky-500 focus:outline-none"
          />
          {!parsed.ok && <p className="text-xs text-red-300">{parsed.error}</p>}
          <p className="text-[11px] text-zinc-400">Any subset of restart, failover, minAvailableReplicas, ringRemovalAfterMs, hotReweight. Unset fields come from the default.</p>
        </div>
      </details>
      {failure && <p className="rounded-md border border-red-500/40 bg-red-500/10 px-3 py-2 text-sm text-red-300">{failure}</p>}
      <div className="flex flex-wrap justify-end gap-2">
        {existing && (
          <Button variant="ghost" className="mr-auto" disabled={pending} onClick={() => void put(withoutGroupOverride(policies, groupId) as PolicyDocument)}>
            Remove override
          </Button>
        )}
        <Button onClick={onClose} disabled={pending}>
          Cancel
        </Button>
        <Button variant="primary" onClick={save} disabled={pending || !parsed.ok || !group}>
          {pending ? "Saving…" : "Save"}
        </Button>
      </div>
    </div>
  );
}
