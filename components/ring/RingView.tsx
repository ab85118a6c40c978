"use client";

import { useCallback, useMemo, useState } from "react";
import { hasRole, useCurrentUser } from "@/components/layout/CurrentUserProvider";
import { PageHeader } from "@/components/layout/PageHeader";
import { Button } from "@/components/ui/Button";
import { EmptyState } from "@/components/ui/EmptyState";
import { ErrorState } from "@/components/ui/ErrorState";
import { LoadingState } from "@/components/ui/LoadingState";
import { Panel } from "@/components/ui/Panel";
import { apiFetch, errorMessage } from "@/components/live/api-client";
import { EMPTY_DRAFT, draftToChange, draftWithAdd, isEmptyDraft } from "@/components/ring/ring-change";
import type { RingChangeBody, RingChangeDraft } from "@/components/ring/ring-change";
import { AgentsBehindNotice } from "./AgentsBehindNotice";
import { ApplyChangeDialog } from "./ApplyChangeDialog";
import { ApplyProgress } from "./ApplyProgress";
import type { AppliedChange } from "./ApplyProgress";
import { AutoJoinToggle } from "./AutoJoinToggle";
import { ChangeDraftEditor } from "./ChangeDraftEditor";
import { EpochHistory } from "./EpochHistory";
import { KeyLookup } from "./KeyLookup";
import { PendingGroups } from "./PendingGroups";
import { PreviewResult } from "./PreviewResult";
import { RingOwnershipTable } from "./RingOwnershipTable";
import { RingPanel } from "./RingPanel";
import { RingSummary } from "./RingSummary";
import type { RingApplied, RingLookupResult, RingPreview } from "./ring-types";
import { useRing } from "./use-ring";

type PreviewState = { change: RingChangeBody; result: RingPreview };

export function RingView() {
  const canEdit = hasRole(useCurrentUser(), "operator");
  const [applied, setApplied] = useState<AppliedChange | null>(null);
  const [waitingForAgents, setWaitingForAgents] = useState(false);
  const { ring, tokens, epochs } = useRing(waitingForAgents);
  const data = ring.data;

  const [lookup, setLookup] = useState<RingLookupResult | null>(null);
  const [hoveredGroup, setHoveredGroup] = useState<string | null>(null);
  const [draft, setDraft] = useState<RingChangeDraft>(EMPTY_DRAFT);
  const [preview, setPreview] = useState<PreviewState | null>(null);
  const [previewing, setPreviewing] = useState(false);
  const [previewError, setPreviewError] = useState<string | null>(null);
  const [applyRequest, setApplyRequest] = useState<{ change: RingChangeBody; preview: RingPreview } | null>(null);
  const [pendingBusy, setPendingBusy] = useState<string | null>(null);

  const reloadRing = ring.reload;
  const reloadEpochs = epochs.reload;

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
    reloadRing();
    reloadEpochs();
  };

  const stopWaiting = useCallback(() => setWaitingForAgents(false), []);

  const header = (
    <PageHeader
      title="Ring"
      subtitle={data ? <RingSummary ring={data} /> : "Which replica group owns which part of the keyspace, and what a change would move."}
      actions={ring.error && data ? <span className="text-xs text-amber-300">Last refresh failed: {ring.error}</span> : null}
    />
  );

  if (!data) {
    return (
      <>
        {header}
        <div className="p-6">{ring.error ? <ErrorState message={ring.error} onRetry={ring.reload} className="h-64" /> : <LoadingState label="Loading the ring…" className="h-64" />}</div>
      </>
    );
  }

  const ringGroups = data.groups.map((group) => ({ id: group.id, weight: group.weight }));
  const pendingIds = data.pending.map((group) => group.id);
  const emphasizedGroup = hoveredGroup ?? lookup?.group ?? null;
  const marker = lookup ? { key: lookup.key, hash: lookup.hash, group: lookup.group } : null;
  const previewResult = preview?.result ?? null;
  const previewStale = previewResult !== null && previewResult.fromEpoch !== data.epoch;

  return (
    <>
      {header}
      <div className="flex flex-col gap-4 p-6">
        {applied && (
          <ApplyProgress
            key={applied.epoch}
            applied={applied}
            currentEpoch={data.epoch}
            agentsBehind={data.agentsBehind.length}
            onDone={stopWaiting}
            onDismiss={() => setApplied(null)}
          />
        )}
        {!applied && <AgentsBehindNotice agents={data.agentsBehind} epoch={data.epoch} />}

        <div className="grid gap-4 xl:grid-cols-[minmax(0,5fr)_minmax(0,4fr)]">
          <RingPanel
            ringWithTokens={tokens.data}
            tokensError={tokens.error}
            onRetry={tokens.reload}
            epoch={data.epoch}
            emphasizedGroup={emphasizedGroup}
            marker={marker}
            preview={previewStale ? null : previewResult}
          />
          <div className="flex min-w-0 flex-col gap-4">
            <Panel title="Key lookup">
              <KeyLookup epoch={data.epoch} onResult={setLookup} />
            </Panel>
            <Panel title="What if…" actions={<span>preview a change before any key moves</span>}>
              <div className="space-y-3" data-testid="ring-what-if">
                <ChangeDraftEditor ringGroups={ringGroups} pendingIds={pendingIds} draft={draft} onChange={changeDraft} />
                <div className="flex items-center gap-2">
                  <Button variant="primary" onClick={() => void runPreview(draftToChange(draft))} disabled={isEmptyDraft(draft) || previewing} data-testid="ring-preview-button">
                    {previewing ? "Previewing…" : "Preview"}
                  </Button>
                  {!isEmptyDraft(draft) && (
                    <Button variant="ghost" onClick={() => changeDraft(EMPTY_DRAFT)}>
                      Clear
                    </Button>
                  )}
                </div>
                {previewError && <p className="rounded-md border border-red-500/40 bg-red-500/10 px-3 py-2 text-sm text-red-300">{previewError}</p>}
                {preview && (
                  <PreviewResult
                    preview={preview.result}
                    stale={previewStale}
                    canApply={canEdit}
                    onApply={() => setApplyRequest({ change: preview.change, preview: preview.result })}
                    onRefresh={() => void runPreview(preview.change)}
                  />
                )}
              </div>
            </Panel>
          </div>
        </div>

        <Panel
          title="Ownership"
          actions={<span>like nodetool status · bar: share against twice the group&apos;s weighted fair share (tick)</span>}
          bodyClassName="p-0"
        >
          {data.groups.length === 0 ? (
            <EmptyState title="No group owns anything yet" className="h-32" />
          ) : (
            <RingOwnershipTable groups={data.groups} emphasizedGroup={emphasizedGroup} onHoverGroup={setHoveredGroup} />
          )}
        </Panel>

        <div className="grid gap-4 xl:grid-cols-[minmax(0,1fr)_minmax(0,2fr)]">
          <Panel title="Membership" actions={<span className="tabular">{data.pending.length} waiting</span>}>
            <div className="space-y-4">
              <AutoJoinToggle key={String(data.settings.autoJoin)} autoJoin={data.settings.autoJoin} canEdit={canEdit} onSaved={reloadRing} />
              <PendingGroups groups={data.pending} autoJoin={data.settings.autoJoin} canEdit={canEdit} busyGroup={pendingBusy} onAdd={(groupId) => void addPending(groupId)} />
            </div>
          </Panel>
          <Panel title="Epoch history" actions={epochs.error ? <span className="text-amber-300">{epochs.error}</span> : <span>newest first</span>} bodyClassName="p-0 max-h-[420px] overflow-y-auto">
            {!epochs.data ? (
              epochs.error ? <ErrorState message={epochs.error} onRetry={epochs.reload} className="h-32" /> : <LoadingState className="h-32" />
            ) : epochs.data.items.length === 0 ? (
              <EmptyState title="No epochs yet" className="h-32" />
            ) : (
              <EpochHistory items={epochs.data.items} />
            )}
          </Panel>
        </div>
      </div>
      <ApplyChangeDialog request={applyRequest} onApply={apply} onClose={() => setApplyRequest(null)} />
    </>
  );
}
