"use client";

import { PowerOff } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { hasRole, useCurrentUser } from "@/components/layout/CurrentUserProvider";
import { ApiError, apiFetch } from "@/components/live/api-client";
import { Button } from "@/components/ui/Button";
import { ConfirmDialog } from "@/components/ui/ConfirmDialog";
import { INPUT_CLASS, LABEL_CLASS } from "@/components/ui/field-styles";
import type { NodeDecommission, NodeDecommissionBody } from "@/lib/protocol/api/nodes";

/** Operators and above take a node out of Vigil; forcing out a replica group's current primary is an admin's. */
export function DecommissionButton({ nodeId }: { nodeId: string }) {
  const me = useCurrentUser();
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const [force, setForce] = useState(false);
  // Forcing is offered only once the server said why it refused: the node leads its replica group.
  const [refusedAsPrimary, setRefusedAsPrimary] = useState(false);
  if (!hasRole(me, "operator")) return null;

  const close = () => {
    setOpen(false);
    setReason("");
    setForce(false);
    setRefusedAsPrimary(false);
  };
  const decommission = async () => {
    const body: NodeDecommissionBody = { ...(reason.trim() ? { reason: reason.trim() } : {}), ...(force ? { force: true } : {}) };
    try {
      await apiFetch<NodeDecommission>(`/api/v1/nodes/${encodeURIComponent(nodeId)}`, { method: "DELETE", body });
    } catch (error) {
      // A node on its own page is in the fleet, so a conflict here is the primary refusal.
      if (error instanceof ApiError && error.code === "conflict") setRefusedAsPrimary(true);
      throw error;
    }
    router.push("/nodes");
  };

  return (
    <>
      <Button size="sm" variant="ghost" onClick={() => setOpen(true)}>
        <PowerOff className="size-3.5" aria-hidden />
        Decommission
      </Button>
      <ConfirmDialog open={open} title={`Decommission ${nodeId}?`} confirmLabel={force ? "Decommission anyway" : "Decommission"} onClose={close} onConfirm={decommission}>
        <div className="space-y-3">
          <p>
            <strong className="text-zinc-100">{nodeId}</strong> leaves detection, replica and load groups, recovery guards, failover rankings and
            the ring at once, and its agent is cut off and refused. Its history stays until retention removes it. An admin&apos;s credential
            reset lets it enrol again.
          </p>
          <label className="block space-y-1">
            <span className={LABEL_CLASS}>Reason (optional, audited)</span>
            <input
              value={reason}
              onChange={(event) => setReason(event.target.value)}
              maxLength={500}
              placeholder="e.g. host retired"
              className={`${INPUT_CLASS} w-full`}
              data-testid="decommission-reason"
            />
          </label>
          {refusedAsPrimary &&
            (hasRole(me, "admin") ? (
              <label className="flex items-start gap-2 text-amber-200">
                <input type="checkbox" checked={force} onChange={(event) => setForce(event.target.checked)} className="mt-0.5 accent-amber-500" data-testid="decommission-force" />
                <span>Decommission it anyway: its group is left without a primary Vigil watches, and nothing fails it over.</span>
              </label>
            ) : (
              <p className="text-amber-200">Fail the group over first, or ask an admin to force it.</p>
            ))}
        </div>
      </ConfirmDialog>
    </>
  );
}
