"use client";

import { useState } from "react";
import { apiFetch, errorMessage } from "@/components/live/api-client";
import type { RingSettingsResponse } from "./ring-types";

type AutoJoinToggleProps = {
  autoJoin: boolean;
  canEdit: boolean;
  onSaved: () => void;
};

/** Whether healthy replica groups join the ring by themselves or wait for an operator. */
export function AutoJoinToggle({ autoJoin, canEdit, onSaved }: AutoJoinToggleProps) {
  const [pending, setPending] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  // Shown at once; the next poll confirms it (or the failure puts it back).
  const [optimistic, setOptimistic] = useState<boolean | null>(null);
  const checked = optimistic ?? autoJoin;

  const toggle = async () => {
    const next = !checked;
    setPending(true);
    setFailure(null);
    setOptimistic(next);
    try {
      await apiFetch<RingSettingsResponse>("/api/v1/ring/settings", { method: "PUT", body: { autoJoin: next } });
      onSaved();
    } catch (error) {
      setFailure(errorMessage(error));
    } finally {
      setOptimistic(null);
      setPending(false);
    }
  };

  return (
    <div className="space-y-1">
      <div className="flex items-center gap-3">
        <button
          type="button"
          role="switch"
          aria-checked={checked}
          aria-label="Auto-join healthy groups"
          disabled={!canEdit || pending}
          onClick={toggle}
          data-testid="ring-auto-join"
          className={`relative inline-flex h-5 w-9 shrink-0 items-center rounded-full transition-colors focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-400 disabled:cursor-not-allowed disabled:opacity-50 ${
            checked ? "bg-sky-600" : "bg-zinc-700"
          }`}
        >
          <span className={`inline-block size-4 rounded-full bg-white shadow transition-transform ${checked ? "translate-x-4" : "translate-x-0.5"}`} />
        </button>
        <span className="text-sm text-zinc-200">Auto-join healthy groups</span>
      </div>
      <p className="text-xs text-zinc-400">
        {checked
          ? "A replica group joins the ring, at its members' declared weight, as soon as one member is healthy."
          : "New groups wait below until an operator adds them."}
        {!canEdit && " Only operators and administrators can change this."}
      </p>
      {failure && <p className="text-xs text-red-300">{failure}</p>}
    </div>
  );
}
