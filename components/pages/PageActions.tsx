"use client";

import { useState } from "react";
import type { PageDetail, PageView } from "@/lib/protocol/api/pages";
import { hasRole, useCurrentUser } from "@/components/layout/CurrentUserProvider";
import { apiFetch, errorMessage } from "@/components/live/api-client";
import { Button } from "@/components/ui/Button";
import { canAcknowledge, canResolve } from "./page-view";

/** Acknowledge and Resolve, for operators; the channels hear it on the alert job's next round. */
export function PageActions({ page, onChanged, size = "sm" }: { page: PageView; onChanged: (detail: PageDetail) => void; size?: "sm" | "md" }) {
  const user = useCurrentUser();
  const [pending, setPending] = useState<"ack" | "resolve" | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  if (!hasRole(user, "operator") || !canResolve(page)) return null;
  const act = async (what: "ack" | "resolve") => {
    setPending(what);
    setFailure(null);
    try {
      onChanged(await apiFetch<PageDetail>(`/api/v1/pages/${encodeURIComponent(page.id)}/${what}`, { method: "POST" }));
    } catch (error) {
      setFailure(errorMessage(error));
    } finally {
      setPending(null);
    }
  };
  return (
    <span className="inline-flex flex-wrap items-center gap-2" onClick={(event) => event.stopPropagation()}>
      {canAcknowledge(page) && (
        <Button size={size} variant="primary" onClick={() => void act("ack")} disabled={pending !== null} data-testid="page-ack">
          {pending === "ack" ? "Acknowledging…" : "Acknowledge"}
        </Button>
      )}
      <Button size={size} onClick={() => void act("resolve")} disabled={pending !== null} data-testid="page-resolve">
        {pending === "resolve" ? "Resolving…" : "Resolve"}
      </Button>
      {failure && (
        <span role="alert" className="text-xs text-red-300">
          {failure}
        </span>
      )}
    </span>
  );
}
