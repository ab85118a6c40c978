"use client";

import { ArrowRightLeft } from "lucide-react";
import { useState } from "react";
import { hasRole, useCurrentUser } from "@/components/layout/CurrentUserProvider";
import { apiFetch } from "@/components/live/api-client";
import { Button } from "@/components/ui/Button";
import { ConfirmDialog } from "@/components/ui/ConfirmDialog";
import { INPUT_CLASS, LABEL_CLASS } from "@/components/ui/field-styles";
import type { DrainPrimaries, DrainPrimariesBody } from "@/lib/protocol/api/replica-groups";

/** Maintenance of a node: a planned switchover for every replica group it leads, each listed with its outcome. */
export function DrainPrimariesButton({ nodeId }: { nodeId: string }) {
  const me = useCurrentUser();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const [result, setResult] = useState<DrainPrimaries | null>(null);
  if (!hasRole(me, "operator")) return null;

  const close = () => {
    setOpen(false);
    setReason("");
  };
  const drain = async () => {
    const body: Partial<DrainPrimariesBody> = reason.trim() ? { reason: reason.trim() } : {};
    setResult(await apiFetch<DrainPrimaries>(`/api/v1/nodes/${encodeURIComponent(nodeId)}/drain-primaries`, { method: "POST", body }));
  };

  return (
    <>
      <Button size="sm" variant="ghost" onClick={() => setOpen(true)} data-testid="drain-primaries">
        <ArrowRightLeft className="size-3.5" aria-hidden />
        Drain primaries
      </Button>
      {result && (
        <span className="text-xs text-zinc-400" data-testid="drain-primaries-result">
          {result.items.length === 0
            ? `${nodeId} leads no replica group`
            : result.items.map((item) => `${item.groupId}: ${item.created ? `switchover to ${item.created.targetId} ${item.created.state === "running" ? "started" : "waiting for approval"}` : item.error}`).join("; ")}
        </span>
      )}
      <ConfirmDialog open={open} title={`Drain primaries off ${nodeId}?`} confirmLabel="Drain" onClose={close} onConfirm={drain}>
        <div className="space-y-3">
          <p>
            Every replica group <strong className="text-zinc-100">{nodeId}</strong> is primary of hands the role over by a planned switchover: writes
            pause briefly, the best replica catches up and is promoted, and {nodeId} follows it. A group whose preflight or guards refuse it is listed
            with the reason and stays as it is.
          </p>
          <label className="block space-y-1">
            <span className={LABEL_CLASS}>Reason (optional, audited)</span>
            <input value={reason} onChange={(event) => setReason(event.target.value)} maxLength={500} placeholder="e.g. host maintenance" className={`${INPUT_CLASS} w-full`} />
          </label>
        </div>
      </ConfirmDialog>
    </>
  );
}
