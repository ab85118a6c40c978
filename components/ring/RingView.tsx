"use client";

import { useDeferredValue, useMemo, useState } from "react";
import { hasRole, useCurrentUser } from "@/components/layout/CurrentUserProvider";
import { PageHeader } from "@/components/layout/PageHeader";
import { Button } from "@/components/ui/Button";
import { EmptyState } from "@/components/ui/EmptyState";
import { ErrorState } from "@/components/ui/ErrorState";
import { LoadingState } from "@/components/ui/LoadingState";
import { Panel } from "@/components/ui/Panel";
import { INPUT_CLASS } from "@/components/ui/field-styles";
import { EMPTY_DRAFT, draftToChange, isEmptyDraft } from "@/components/ring/ring-change";
import type { RingChangeBody } from "@/components/ring/ring-change";
import { AgentsBehindNotice } from "./AgentsBehindNotice";
import { ApplyChangeDialog } from "./ApplyChangeDialog";
import { ApplyProgress } from "./ApplyProgress";
import { AutoJoinToggle } from "./AutoJoinToggle";
import { ChangeDraftEditor } from "./ChangeDraftEditor";
import { EpochHistory } from "./EpochHistory";
import { KeyLookup } from "./KeyLookup";
import { PendingGroups } from "./PendingGroups";
import { PreviewResult } from "./PreviewResult";
import { RingOwnershipTable } from "./RingOwnershipTable";
import { RingPanel } from "./RingPanel";
import { RingSummary } from "./RingSummary";
import type { RingLookupResult } from "./ring-types";
import { useRing } from "./use-ring";
import { useRingChange } from "./use-ring-change";

export function RingView() {
  const canEdit = hasRole(useCurrentUser(), "operator");
  const change = useRingChange();
  const { draft, changeDraft, preview, previewing, previewError, runPreview, applied } = change;
  const { ring, drawing, epochs } = useRing(change.waitingForAgents);
  const data = ring.data;
  const [lookup, setLookup] = useState<RingLookupResult | null>(null);
  const [hoveredGroup, setHoveredGroup] = useState<string | null>(null);
  const [groupFilter, setGroupFilter] = useState("");
  const deferredFilter = useDeferredValue(groupFilter.trim().toLowerCase());
  const tableGroups = useMemo(() => {
    const all = ring.data?.groups ?? [];
    if (!deferredFilter) return all;
    return all.filter((group) => group.id.toLowerCase().includes(deferredFilter) || group.members.some((member) => member.toLowerCase().includes(deferredFilter)));
  }, [ring.data, deferredFilter]);

  const reloadRing = ring.reload;
  const reloadEpochs = epochs.reload;
  const apply = async (body: RingChangeBody, reason: string) => {
    await change.apply(body, reason);
    reloadRing();
    reloadEpochs();
  };

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
            onDone={change.stopWaiting}
            onDismiss={change.dismissApplied}
          />
        )}
        {!applied && <AgentsBehindNotice agents={data.agentsBehind} epoch={data.epoch} />}

        <div className="grid gap-4 xl:grid-cols-[minmax(0,5fr)_minmax(0,4fr)]">
          <RingPanel
            drawing={drawing.data?.drawing ?? null}
            drawingError={drawing.error}
            onRetry={drawing.reload}
            epoch={data.epoch}
            groups={data.groups}
            emphasizedGroup={emphasizedGroup}
            onHoverGroup={setHoveredGroup}
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
                    onApply={() => change.requestApply({ change: preview.change, preview: preview.result })}
                    onRefresh={() => void runPreview(preview.change)}
                  />
                )}
              </div>
            </Panel>
          </div>
        </div>

        <Panel
          title="Ownership"
          actions={
            <>
              <span>like nodetool status · bar: share against twice the group&apos;s weighted fair share (tick)</span>
              {data.groups.length > 20 && (
                <input
                  value={groupFilter}
                  onChange={(event) => setGroupFilter(event.target.value)}
                  placeholder={`Filter ${data.groups.length} groups`}
                  aria-label="Filter ring groups by group or node"
                  className={`${INPUT_CLASS} h-8 w-56 text-xs`}
                />
              )}
            </>
          }
          bodyClassName="p-0"
        >
          {data.groups.length === 0 ? (
            <EmptyState title="No group owns anything yet" className="h-32" />
          ) : tableGroups.length === 0 ? (
            <EmptyState title="No group matches" className="h-32" />
          ) : (
            <RingOwnershipTable groups={tableGroups} emphasizedGroup={emphasizedGroup} onHoverGroup={setHoveredGroup} />
          )}
        </Panel>

        <div className="grid gap-4 xl:grid-cols-[minmax(0,1fr)_minmax(0,2fr)]">
          <Panel title="Membership" actions={<span className="tabular">{data.pending.length} waiting</span>}>
            <div className="space-y-4">
              <AutoJoinToggle key={String(data.settings.autoJoin)} autoJoin={data.settings.autoJoin} canEdit={canEdit} onSaved={reloadRing} />
              <PendingGroups groups={data.pending} autoJoin={data.settings.autoJoin} canEdit={canEdit} busyGroup={change.pendingBusy} onAdd={(groupId) => void change.addPending(groupId)} />
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
      <ApplyChangeDialog request={change.applyRequest} onApply={apply} onClose={change.cancelApply} />
    </>
  );
}
