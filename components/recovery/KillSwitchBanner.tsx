"use client";

import { OctagonPause, ShieldCheck } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/Button";
import { ConfirmDialog } from "@/components/ui/ConfirmDialog";
import { apiFetch } from "@/components/live/api-client";
import { RelativeTime } from "@/components/ui/RelativeTime";
import { FreezeDialog } from "./FreezeDialog";
import type { KillSwitchState } from "./recovery-types";

type KillSwitchBannerProps = {
  killSwitch: KillSwitchState;
  canOperate: boolean;
  now: number;
  onChanged: () => void;
};

/** The global kill switch, impossible to miss when it is on. */
export function KillSwitchBanner({ killSwitch, canOperate, now, onChanged }: KillSwitchBannerProps) {
  const [dialog, setDialog] = useState<"freeze" | "unfreeze" | null>(null);
  const freeze = async (reason: string) => {
    await apiFetch("/api/v1/recovery/freeze", { method: "POST", body: reason ? { reason } : {} });
    onChanged();
  };
  const unfreeze = async () => {
    await apiFetch("/api/v1/recovery/unfreeze", { method: "POST", body: {} });
    onChanged();
  };

  return (
    <>
      {killSwitch.frozen ? (
        <div
          role="status"
          className="flex flex-wrap items-center gap-4 rounded-lg border-2 border-amber-500/70 bg-amber-500/15 px-5 py-4"
          data-testid="recovery-kill-switch"
          data-frozen="true"
        >
          <OctagonPause className="size-8 shrink-0 text-amber-400" aria-hidden />
          <div className="min-w-0 flex-1">
            <p className="text-lg font-semibold text-amber-100">
              Recovery frozen{killSwitch.by ? ` by ${killSwitch.by}` : ""}
              {killSwitch.at !== null && (
                <span className="font-normal text-amber-200/90">
                  {" "}
                  <RelativeTime ts={killSwitch.at} now={now} prefix="since" />
                </span>
              )}
            </p>
            <p className="mt-0.5 text-base text-amber-100" data-testid="recovery-kill-switch-reason">
              {killSwitch.reason ? `— ${killSwitch.reason}` : "No reason given."}
            </p>
            <p className="mt-1 text-xs text-amber-200/70">Vigil still detects and alerts, but starts no recovery action until someone unfreezes.</p>
          </div>
          {canOperate && (
            <Button variant="primary" onClick={() => setDialog("unfreeze")} data-testid="recovery-unfreeze">
              Unfreeze
            </Button>
          )}
        </div>
      ) : (
        <div className="flex flex-wrap items-center gap-4 rounded-lg border border-zinc-800 bg-zinc-900/60 px-5 py-3" data-testid="recovery-kill-switch" data-frozen="false">
          <ShieldCheck className="size-6 shrink-0 text-green-400" aria-hidden />
          <div className="min-w-0 flex-1">
            <p className="font-medium text-zinc-100">Recovery is not frozen</p>
            <p className="text-sm text-zinc-400">
              Vigil acts according to its mode and guards.
              {killSwitch.at !== null && killSwitch.by && (
                <>
                  {` Last unfrozen by ${killSwitch.by} `}
                  <RelativeTime ts={killSwitch.at} now={now} />.
                </>
              )}
            </p>
          </div>
          {canOperate && (
            <Button variant="danger" className="h-10 px-5 text-base" onClick={() => setDialog("freeze")} data-testid="recovery-freeze">
              <OctagonPause className="size-5" aria-hidden />
              Freeze all recovery
            </Button>
          )}
        </div>
      )}
      <FreezeDialog open={dialog === "freeze"} onFreeze={freeze} onClose={() => setDialog(null)} />
      <ConfirmDialog open={dialog === "unfreeze"} title="Unfreeze recovery?" confirmLabel="Unfreeze" onConfirm={unfreeze} onClose={() => setDialog(null)}>
        <p>Vigil resumes planning and acting according to its mode. Anything it held back while frozen may start at once.</p>
      </ConfirmDialog>
    </>
  );
}
