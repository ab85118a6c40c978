"use client";

import { ArrowRightLeft } from "lucide-react";
import { useEffect, useState } from "react";
import { hasRole, useCurrentUser } from "@/components/layout/CurrentUserProvider";
import { errorMessage } from "@/components/live/api-client";
import { Button } from "@/components/ui/Button";
import { Modal } from "@/components/ui/Modal";
import { INPUT_CLASS, LABEL_CLASS } from "@/components/ui/field-styles";
import { runSummary, stepLabel } from "./switchover-progress";
import { useSwitchover } from "./use-switchover";

/**
 * A planned switchover of one replica group: the preview (ranking, preflight, guards), the
 * request, and its steps live as the recovery loop runs them.
 */
export function SwitchoverButton({ groupId }: { groupId: string }) {
  const me = useCurrentUser();
  const [open, setOpen] = useState(false);
  const [target, setTarget] = useState<string | null>(null);
  const [reason, setReason] = useState("");
  const [force, setForce] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  /** Requested from this dialog: it then shows the run, not the preview of another one. */
  const [requested, setRequested] = useState(false);
  const { preview, error, active, request } = useSwitchover(groupId, open, target);
  // The first ranking's choice stays checked while the dialog is open: offsets move every second,
  // and the node an operator read is the one to promote unless they pick another.
  const suggested = preview?.targetId ?? null;
  useEffect(() => {
    if (open && target === null && suggested !== null) setTarget(suggested);
  }, [open, target, suggested]);
  if (!hasRole(me, "viewer")) return null;
  const canRequest = hasRole(me, "operator");
  const blocked = preview === null || preview.problems.length > 0 || (preview.violations.length > 0 && !force) || active;

  const submit = async () => {
    setBusy(true);
    setFailure(null);
    try {
      // What the dialog shows checked is what is asked for, even if the ranking moved since.
      const chosen = target ?? preview?.targetId ?? null;
      await request({ ...(chosen ? { target: chosen } : {}), ...(reason.trim() ? { reason: reason.trim() } : {}), ...(force ? { force: true } : {}) });
      setRequested(true);
    } catch (problem) {
      setFailure(errorMessage(problem));
    } finally {
      setBusy(false);
    }
  };
  const latest = preview?.latest ?? null;

  return (
    <>
      <Button size="sm" variant="ghost" onClick={() => setOpen(true)} data-testid="switchover-open">
        <ArrowRightLeft className="size-3.5" aria-hidden />
        Switchover
      </Button>
      <Modal
        open={open}
        title={`Planned switchover of ${groupId}`}
        onClose={() => {
          setOpen(false);
          setTarget(null);
          setRequested(false);
        }}
        footer={
          canRequest && !requested ? (
            <Button variant="primary" disabled={blocked || busy} onClick={() => void submit()} data-testid="switchover-submit">
              {force ? "Switch over anyway" : "Switch over"}
            </Button>
          ) : undefined
        }
      >
        <div className="space-y-3" data-testid="switchover-dialog">
          {error && <p className="text-red-300">{error}</p>}
          {preview && !requested && (
            <>
              <p>
                Writes pause on <strong className="font-mono text-zinc-100">{preview.primaryId ?? "—"}</strong> until{" "}
                <strong className="font-mono text-zinc-100">{preview.targetId ?? "—"}</strong> has every byte; it is then promoted (epoch {preview.newEpoch}), the
                others follow it and writes resume. Any step past its deadline before the promotion unpauses the primary and stops.
                {preview.mode === "approval" && " The group is in approval mode: the request waits for an operator's approval."}
              </p>
              <table className="w-full text-xs" data-testid="switchover-ranking">
                <tbody>
                  {preview.candidates.map((candidate) => (
                    <tr key={candidate.nodeId} className="border-t border-zinc-800 align-top">
                      <td className="py-1 pr-2">
                        <input
                          type="radio"
                          name="switchover-target"
                          disabled={!candidate.eligible}
                          checked={(target ?? preview.targetId) === candidate.nodeId}
                          onChange={() => setTarget(candidate.nodeId)}
                          aria-label={`promote ${candidate.nodeId}`}
                        />
                      </td>
                      <td className="py-1 pr-2 font-mono text-zinc-100">{candidate.nodeId}</td>
                      <td className="py-1 text-zinc-400">{candidate.reasons.join("; ")}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {preview.problems.length > 0 && (
                <ul className="list-disc space-y-1 pl-5 text-red-300" data-testid="switchover-problems">
                  {preview.problems.map((problem) => (
                    <li key={problem}>{problem}</li>
                  ))}
                </ul>
              )}
              {preview.violations.length > 0 && (
                <div className="space-y-1 text-amber-200">
                  {preview.violations.map((violation) => (
                    <p key={violation.guard}>
                      {violation.guard}: {violation.message}
                    </p>
                  ))}
                  {canRequest && (
                    <label className="flex items-start gap-2">
                      <input type="checkbox" checked={force} onChange={(event) => setForce(event.target.checked)} className="mt-0.5 accent-amber-500" />
                      <span>Override these guards{hasRole(me, "admin") ? "" : " (an admin must then approve)"}.</span>
                    </label>
                  )}
                </div>
              )}
              {canRequest && (
                <label className="block space-y-1">
                  <span className={LABEL_CLASS}>Reason (audited)</span>
                  <input value={reason} onChange={(event) => setReason(event.target.value)} maxLength={500} placeholder="e.g. kernel upgrade of the primary's host" className={`${INPUT_CLASS} w-full`} />
                </label>
              )}
              {failure && <p className="text-red-300">{failure}</p>}
            </>
          )}
          {latest && (
            <div className="rounded border border-zinc-800 p-2" data-testid="switchover-progress">
              <p className="text-xs text-zinc-300">
                Latest: {latest.fromId} → {latest.targetId}, {runSummary(latest)}
              </p>
              <ol className="mt-1 space-y-0.5 text-xs">
                {latest.timeline.map((step, index) => (
                  <li key={`${step.step}-${step.node}-${index}`} className={step.ok ? "text-zinc-400" : "text-red-300"}>
                    +{step.startMs} ms {stepLabel(step.step)}
                    {step.node ? ` ${step.node}` : ""} ({step.durationMs} ms){step.detail ? `: ${step.detail}` : ""}
                  </li>
                ))}
              </ol>
            </div>
          )}
        </div>
      </Modal>
    </>
  );
}
