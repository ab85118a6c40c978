"use client";

import { KeyRound } from "lucide-react";
import { useState } from "react";
import { hasRole, useCurrentUser } from "@/components/layout/CurrentUserProvider";
import { apiFetch } from "@/components/live/api-client";
import { Button } from "@/components/ui/Button";
import { ConfirmDialog } from "@/components/ui/ConfirmDialog";

/** Admins only: for a rebuilt host or a leaked credential, the node's agent enrols again. */
export function ResetCredentialButton({ nodeId }: { nodeId: string }) {
  const me = useCurrentUser();
  const [open, setOpen] = useState(false);
  const [done, setDone] = useState(false);
  if (!hasRole(me, "admin")) return null;
  return (
    <>
      <Button size="sm" variant="ghost" onClick={() => setOpen(true)} disabled={done}>
        <KeyRound className="size-3.5" aria-hidden />
        {done ? "Credential reset" : "Reset credential"}
      </Button>
      <ConfirmDialog
        open={open}
        title="Reset this node's credential"
        confirmLabel="Reset credential"
        onClose={() => setOpen(false)}
        onConfirm={async () => {
          await apiFetch(`/api/v1/nodes/${encodeURIComponent(nodeId)}/credential/reset`, { method: "POST" });
          setDone(true);
        }}
      >
        The agent holding <strong className="text-zinc-100">{nodeId}</strong>&apos;s credential is disconnected within 10 s. The next agent
        that connects as {nodeId} with a matching enrollment token enrols it and gets a new credential: do this for a rebuilt host or a
        leaked credential (and revoke the token too if it leaked as well).
      </ConfirmDialog>
    </>
  );
}
