"use client";

import { useState } from "react";
import { ConfirmDialog } from "@/components/ui/ConfirmDialog";
import { SegmentedControl } from "@/components/ui/SegmentedControl";
import { apiFetch } from "@/components/live/api-client";
import { withDefaultMode } from "@/components/recovery/recovery-policy";
import { MODE_DESCRIPTIONS, modeTone, TONE_STYLES } from "@/components/recovery/recovery-states";
import { MODES } from "./recovery-types";
import type { PolicyDocument, RecoveryMode } from "./recovery-types";

type ModeControlProps = {
  mode: RecoveryMode;
  policies: PolicyDocument | null;
  canOperate: boolean;
  onChanged: () => void;
};

const OPTIONS = MODES.map((mode) => ({ value: mode, label: mode }));

/** The fleet default mode; switching asks first, because "auto" acts on its own. */
export function ModeControl({ mode, policies, canOperate, onChanged }: ModeControlProps) {
  const [next, setNext] = useState<RecoveryMode | null>(null);
  const save = async () => {
    if (!policies || !next) return;
    await apiFetch("/api/v1/policies", { method: "PUT", body: withDefaultMode(policies, next) });
    onChanged();
  };
  return (
    <div className="flex flex-wrap items-center gap-3" data-testid="recovery-mode" data-mode={mode}>
      <span className="text-xs font-medium tracking-wide text-zinc-400 uppercase">Mode</span>
      {canOperate && policies ? (
        <SegmentedControl label="Recovery mode" options={OPTIONS} value={mode} onChange={(value) => value !== mode && setNext(value)} />
      ) : (
        <span className={`rounded-full px-2.5 py-0.5 text-sm font-medium ${TONE_STYLES[modeTone(mode)].badge}`}>{mode}</span>
      )}
      <span className="text-xs text-zinc-400">{MODE_DESCRIPTIONS[mode]}</span>
      <ConfirmDialog open={next !== null} title={`Switch recovery to “${next ?? ""}”?`} confirmLabel={`Switch to ${next ?? ""}`} onConfirm={save} onClose={() => setNext(null)}>
        <p>
          From <span className="font-medium text-zinc-100">{mode}</span> to <span className="font-medium text-zinc-100">{next}</span>: {next ? MODE_DESCRIPTIONS[next] : ""}
        </p>
        <p className="mt-2 text-xs text-zinc-400">This is the fleet default. Groups with their own mode (see Policy overrides) keep it.</p>
      </ConfirmDialog>
    </div>
  );
}
