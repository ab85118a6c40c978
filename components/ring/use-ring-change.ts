"use client";

import { useCallback, useState } from "react";
import { apiFetch, errorMessage } from "@/components/live/api-client";
import { EMPTY_DRAFT, draftToChange, draftWithAdd } from "@/components/ring/ring-change";
import type { RingChangeBody, RingChangeDraft } from "@/components/ring/ring-change";
import type { AppliedChange } from "./ApplyProgress";
import type { RingApplied, RingPreview } from "./ring-types";

type PreviewState = { change: RingChangeBody; result: RingPreview };
export type ApplyRequest = { change: RingChangeBody; preview: RingPreview };

/**
 * A ring change from draft to applied: the draft being edited, its preview, the confirmation
 * asked before applying, and the applied change the page then follows until agents catch up.
 */
export function useRingChange() {
  const [draft, setDraft] = useState<RingChangeDraft>(EMPTY_DRAFT);
  const [preview, setPreview] = useState<PreviewState | null>(null);
  const [previewing, setPreviewing] = useState(false);
  const [previewError, setPreviewError] = useState<string | null>(null);
  const [applyRequest, setApplyRequest] = useState<ApplyRequest | null>(null);
  const [pendingBusy, setPendingBusy] = useState<string | null>(null);
  const [applied, setApplied] = useState<AppliedChange | null>(null);
  const [waitingForAgents, setWaitingForAgents] = useState(false);

  const runPreview = useCallback(async (change: RingChangeBody): Promise<RingPreview | null> => {
    setPreviewing(true);
    setPreviewError(null);
    try {
      const result = await apiFetch<RingPreview>("/api/v1/ring/preview", { method: "POST", body: change });
      setPreview({ change, result });
      return result;
    } catch (error) {
      setPreview(null);
      setPreviewError(errorMessage(error));
      return null;
    } finally {
      setPreviewing(false);
    }
  }, []);

  const changeDraft = (next: RingChangeDraft) => {
    setDraft(next);
    // A preview of another change must not stay on screen as if it were this one.
    setPreview(null);
    setPreviewError(null);
  };

  /** One click on a waiting group: preview adding it and ask to apply straight away. */
  const addPending = async (groupId: string) => {
    const next = draftWithAdd(EMPTY_DRAFT, groupId, 1);
    setDraft(next);
    setPendingBusy(groupId);
    const change = draftToChange(next);
    const result = await runPreview(change);
    setPendingBusy(null);
    if (result) setApplyRequest({ change, preview: result });
  };

  const apply = async (change: RingChangeBody, reason: string) => {
    const startedAt = Date.now();
    const answer = await apiFetch<RingApplied>("/api/v1/ring/changes", { method: "POST", body: reason ? { ...change, reason } : change });
    setApplied({ epoch: answer.epoch, movedShare: answer.movedShare, startedAt });
    setWaitingForAgents(true);
    setDraft(EMPTY_DRAFT);
    setPreview(null);
  };

  const stopWaiting = useCallback(() => setWaitingForAgents(false), []);

  return {
    draft,
    changeDraft,
    preview,
    previewing,
    previewError,
    runPreview,
    applyRequest,
    requestApply: setApplyRequest,
    cancelApply: () => setApplyRequest(null),
    apply,
    addPending,
    pendingBusy,
    applied,
    dismissApplied: () => setApplied(null),
    waitingForAgents,
    stopWaiting,
  };
}
