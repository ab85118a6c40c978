"use client";

import { useState } from "react";
import { Button } from "@/components/ui/Button";
import { apiFetch, errorMessage } from "@/components/live/api-client";
import type { Incident } from "./incident-types";

type AcknowledgeButtonProps = {
  incident: Incident;
  onAcknowledged: (incident: Incident) => void;
  size?: "sm" | "md";
};

/** "I'm on it": stops the incident from reading as unowned. Only open incidents can be acknowledged. */
export function AcknowledgeButton({ incident, onAcknowledged, size = "sm" }: AcknowledgeButtonProps) {
  const [pending, setPending] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  if (incident.status !== "open") return null;
  const acknowledge = async () => {
    setPending(true);
    setFailure(null);
    try {
      const answer = await apiFetch<{ incident: Incident }>(`/api/v1/incidents/${incident.id}/ack`, { method: "POST" });
      onAcknowledged(answer.incident);
    } catch (error) {
      setFailure(errorMessage(error));
    } finally {
      setPending(false);
    }
  };
  return (
    <span className="inline-flex items-center gap-2" onClick={(event) => event.stopPropagation()}>
      <Button size={size} onClick={acknowledge} disabled={pending} data-testid="incident-ack">
        {pending ? "Acknowledging…" : "Acknowledge"}
      </Button>
      {failure && <span className="text-xs text-red-300">{failure}</span>}
    </span>
  );
}
