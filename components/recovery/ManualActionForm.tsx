"use client";

import { useState } from "react";
import type { FormEvent } from "react";
import { useApiResource } from "@/components/live/use-api-resource";
import { Button } from "@/components/ui/Button";
import { ConfirmDialog } from "@/components/ui/ConfirmDialog";
import { INPUT_CLASS, LABEL_CLASS, SELECT_CLASS } from "@/components/ui/field-styles";
import type { NodeView } from "@/lib/protocol/views";
import { apiFetch } from "@/components/live/api-client";
import { MANUAL_ACTION_KINDS } from "./recovery-types";
import type { ManualActionKind } from "./recovery-types";

type ManualActionFormProps = {
  initialNode: string | null;
  /** The kill switch is on: the server refuses manual actions too, so the form says so up front. */
  frozen: boolean;
  onRequested: () => void;
};

type NodesPage = { items: NodeView[] };
type ManualRequest = { kind: ManualActionKind; target: string; args: { target?: string; hook?: string }; reason: string; force: boolean };
type Created = { id: string; state: "running" | "planned"; overridden: string[] };

const KIND_HELP: Record<ManualActionKind, string> = {
  restart: "Restart the service on the node.",
  promote: "Make the node its group's primary.",
  follow: "Re-point the node to replicate from another.",
  "run-hook": "Run a named hook of the node's agent.",
};

/** An operator's own action, executed by the recovery loop like a planned one (and audited). */
export function ManualActionForm({ initialNode, frozen, onRequested }: ManualActionFormProps) {
  const nodes = useApiResource<NodesPage>("/api/v1/nodes?limit=10000");
  const [node, setNode] = useState(initialNode ?? "");
  const [kind, setKind] = useState<ManualActionKind>("restart");
  const [followTarget, setFollowTarget] = useState("");
  const [hook, setHook] = useState("");
  const [reason, setReason] = useState("");
  const [force, setForce] = useState(false);
  const [request, setRequest] = useState<ManualRequest | null>(null);
  const [requested, setRequested] = useState<string | null>(null);

  const nodeIds = (nodes.data?.items ?? []).map((item) => item.id).sort();
  const missingArg = (kind === "follow" && !followTarget.trim()) || (kind === "run-hook" && !hook.trim());
  const ready = !frozen && node.trim() !== "" && reason.trim() !== "" && !missingArg;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!ready) return;
    const args = kind === "follow" ? { target: followTarget.trim() } : kind === "run-hook" ? { hook: hook.trim() } : {};
    setRequest({ kind, target: node.trim(), args, reason: reason.trim(), force });
  };
  const send = async () => {
    if (!request) return;
    const answer = await apiFetch<Created>("/api/v1/actions", { method: "POST", body: request });
    const overridden = answer.overridden.length ? `, overriding ${answer.overridden.join(", ")}` : "";
    setRequested(
      answer.state === "planned"
        ? `${request.kind} of ${request.target} awaits an admin's approval (${answer.id}${overridden}).`
        : `${request.kind} of ${request.target} requested (${answer.id}${overridden}).`,
    );
    setReason("");
    setForce(false);
    onRequested();
  };

  return (
    <form onSubmit={submit} className="space-y-3" data-testid="recovery-manual-form">
      <div className="grid gap-3 sm:grid-cols-2">
        <label className="space-y-1">
          <span className={LABEL_CLASS}>Node</span>
          <input list="recovery-node-ids" value={node} onChange={(event) => setNode(event.target.value)} placeholder="sim-a-001" className={`${INPUT_CLASS} w-full font-mono`} required />
          <datalist id="recovery-node-ids">
            {nodeIds.map((id) => (
              <option key={id} value={id} />
            ))}
          </datalist>
        </label>
        <label className="space-y-1">
          <span className={LABEL_CLASS}>Action</span>
          <select value={kind} onChange={(event) => setKind(event.target.value as ManualActionKind)} className={`${SELECT_CLASS} w-full`}>
            {MANUAL_ACTION_KINDS.map((value) => (
              <option key={value} value={value}>
                {value}
              </option>
            ))}
          </select>
        </label>
      </div>
      <p className="text-xs text-zinc-400">{KIND_HELP[kind]}</p>
      {kind === "follow" && (
        <label className="block space-y-1">
          <span className={LABEL_CLASS}>Follow which node</span>
          <input list="recovery-node-ids" value={followTarget} onChange={(event) => setFollowTarget(event.target.value)} className={`${INPUT_CLASS} w-full font-mono`} />
        </label>
      )}
      {kind === "run-hook" && (
        <label className="block space-y-1">
          <span className={LABEL_CLASS}>Hook</span>
          <input value={hook} onChange={(event) => setHook(event.target.value)} maxLength={64} placeholder="e.g. flush-cache" className={`${INPUT_CLASS} w-full font-mono`} />
        </label>
      )}
      <label className="block space-y-1">
        <span className={LABEL_CLASS}>Reason</span>
        <input value={reason} onChange={(event) => setReason(event.target.value)} maxLength={500} placeholder="why, for the audit log" className={`${INPUT_CLASS} w-full`} required />
      </label>
      <label className="flex items-center gap-2 text-xs text-zinc-400">
        <input type="checkbox" checked={force} onChange={(event) => setForce(event.target.checked)} data-testid="recovery-manual-force" />
        Override the planner&apos;s guards (force): runs for an admin, waits for an admin&apos;s approval otherwise; audited with the reason.
      </label>
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" variant="primary" disabled={!ready}>
          Request action…
        </Button>
        {frozen && <span className="text-xs text-amber-300">Recovery is frozen: unfreeze it to run an action.</span>}
        {requested && <span className="text-xs text-green-300">{requested}</span>}
      </div>
      <ConfirmDialog open={request !== null} title={request ? `${request.kind} ${request.target}?` : "Run action?"} confirmLabel="Run it" onConfirm={send} onClose={() => setRequest(null)}>
        {request && (
          <div className="space-y-2">
            <p>
              <span className="font-medium text-zinc-100">{request.kind}</span> on <span className="font-mono text-zinc-100">{request.target}</span>
              {request.args.target && (
                <>
                  {" "}
                  → follow <span className="font-mono text-zinc-100">{request.args.target}</span>
                </>
              )}
              {request.args.hook && (
                <>
                  {" "}
                  hook <span className="font-mono text-zinc-100">{request.args.hook}</span>
                </>
              )}
              . It runs now, whatever the mode (unless the kill switch goes on first), if the planner&apos;s guards allow it
              {request.force ? " or you override them" : ""}.
            </p>
            <p className="text-xs text-zinc-400">Reason: {request.reason}</p>
          </div>
        )}
      </ConfirmDialog>
    </form>
  );
}
