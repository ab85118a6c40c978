"use client";

import { useState } from "react";
import { ConfirmDialog } from "@/components/ui/ConfirmDialog";
import { INPUT_CLASS, LABEL_CLASS } from "@/components/ui/field-styles";

type FreezeDialogProps = {
  open: boolean;
  onFreeze: (reason: string) => Promise<void>;
  onClose: () => void;
};

/** The kill switch: asks why, because the next operator to look will want to know. */
export function FreezeDialog({ open, onFreeze, onClose }: FreezeDialogProps) {
  const [reason, setReason] = useState("");
  const close = () => {
    setReason("");
    onClose();
  };
  return (
    <ConfirmDialog
      open={open}
      title="Freeze all recovery?"
      confirmLabel="Freeze recovery"
      onClose={close}
      onConfirm={async () => {
        await onFreeze(reason.trim());
        setReason("");
      }}
    >
      <div className="space-y-3">
        <p>No recovery action will start until someone unfreezes. Detection, incidents and alerts keep running; actions already running finish.</p>
        <label className="block space-y-1">
          <span className={LABEL_CLASS}>Reason</span>
          <input
            value={reason}
            onChange={(event) => setReason(event.target.value)}
            maxLength={500}
            autoFocus
            placeholder="e.g. network maintenance in zone-b"
            className={`${INPUT_CLASS} w-full`}
            data-testid="recovery-freeze-reason"
          />
        </label>
      </div>
    </ConfirmDialog>
  );
}
