"use client";

import { useState } from "react";
import { ConfirmDialog } from "@/components/ui/ConfirmDialog";
import { INPUT_CLASS, LABEL_CLASS } from "@/components/ui/field-styles";
import { describeChange } from "@/components/ring/ring-change";
import type { RingChangeBody } from "@/components/ring/ring-change";
import { formatShare } from "@/components/ring/ring-geometry";
import type { RingPreview } from "./ring-types";

type ApplyChangeDialogProps = {
  request: { change: RingChangeBody; preview: RingPreview } | null;
  onApply: (change: RingChangeBody, reason: string) => Promise<void>;
  onClose: () => void;
};

/** The last look before keys move: how much, what, and why (recorded in the epoch history). */
export function ApplyChangeDialog({ request, onApply, onClose }: ApplyChangeDialogProps) {
  const [reason, setReason] = useState("");
  const close = () => {
    setReason("");
    onClose();
  };
  return (
    <ConfirmDialog
      open={request !== null}
      title={request ? `Apply ring change as epoch ${request.preview.toEpoch}?` : "Apply ring change?"}
      confirmLabel="Apply"
      onClose={close}
      onConfirm={async () => {
        if (!request) return;
        await onApply(request.change, reason.trim());
        setReason("");
      }}
    >
      {request && (
        <div className="space-y-3">
          <p>
            <span className="text-2xl font-semibold text-zinc-50 tabular">{formatShare(request.preview.movedShare)}</span>{" "}
            <span className="text-zinc-400">of the keyspace moves to another group.</span>
          </p>
          <p className="font-mono text-xs text-zinc-300">{describeChange(request.change)}</p>
          <p className="text-xs text-zinc-400">Agents get the new placement at once and acknowledge it; this page shows them catching up.</p>
          <label className="block space-y-1">
            <span className={LABEL_CLASS}>Reason (optional)</span>
            <input
              value={reason}
              onChange={(event) => setReason(event.target.value)}
              maxLength={500}
              placeholder="e.g. decommissioning rack r12"
              className={`${INPUT_CLASS} w-full`}
              data-testid="ring-apply-reason"
            />
          </label>
        </div>
      )}
    </ConfirmDialog>
  );
}
