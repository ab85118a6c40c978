"use client";

import { X } from "lucide-react";
import Link from "next/link";
import { hasRole, useCurrentUser } from "@/components/layout/CurrentUserProvider";
import { PageHeader } from "@/components/layout/PageHeader";
import { useNow } from "@/components/live/use-now";
import { EmptyState } from "@/components/ui/EmptyState";
import { ErrorState } from "@/components/ui/ErrorState";
import { LoadingState } from "@/components/ui/LoadingState";
import { Panel } from "@/components/ui/Panel";
import { splitPlannedActions } from "@/components/recovery/recovery-plans";
import { ActiveFreezes } from "./ActiveFreezes";
import { ApprovalsPanel } from "./ApprovalsPanel";
import { AuditTable } from "./AuditTable";
import { BlocksPanel } from "./BlocksPanel";
import { HooksPanel } from "./HooksPanel";
import { KillSwitchBanner } from "./KillSwitchBanner";
import { ManualActionForm } from "./ManualActionForm";
import { ModeControl } from "./ModeControl";
import { PlansPanel } from "./PlansPanel";
import { PolicyOverridesPanel } from "./PolicyOverridesPanel";
import { RecentActionsTable } from "./RecentActionsTable";
import { useRecoveryPage } from "./use-recovery-page";
import { WorstCaseBar } from "./WorstCaseBar";

type RecoveryViewProps = {
  /** From `?group=` or `?node=`: only recovery about this group or node. */
  subject: string | null;
  subjectKind: "group" | "node" | null;
};

export function RecoveryView({ subject, subjectKind }: RecoveryViewProps) {
  const me = useCurrentUser();
  const canOperate = hasRole(me, "operator");
  const { status, actions, policies, audit, refreshAll, allActions, details, rankings, scoped, groupIds } = useRecoveryPage(subject, canOperate);
  const now = useNow(1000);

  const data = status.data;
  const header = (
    <PageHeader
      title="Recovery"
      subtitle={data ? <Summary mode={data.mode} frozen={data.killSwitch.frozen} activePlans={data.plans.filter((plan) => plan.state === "active").length} awaiting={splitPlannedActions(allActions).awaiting.length} blocks={data.blocks.length} /> : "What Vigil is doing to recover, what it holds back, and why."}
      actions={status.error && data ? <span className="text-xs text-amber-300">Last refresh failed: {status.error}</span> : null}
    />
  );

  if (!data || !scoped) {
    return (
      <>
        {header}
        <div className="p-6">{status.error ? <ErrorState message={status.error} onRetry={status.reload} className="h-64" /> : <LoadingState label="Loading recovery status…" className="h-64" />}</div>
      </>
    );
  }

  const { plans, blocks, actions: scopedActions } = scoped;

  return (
    <>
      {header}
      <div className="flex flex-col gap-4 p-6" data-testid="recovery-page">
        <KillSwitchBanner killSwitch={data.killSwitch} canOperate={canOperate} now={now} onChanged={refreshAll} />
        <ActiveFreezes freezes={data.freezes} now={now} />

        <Panel bodyClassName="flex flex-wrap items-center gap-x-8 gap-y-4 px-4 py-3">
          <ModeControl mode={data.mode} policies={policies.data} canOperate={canOperate} onChanged={refreshAll} />
          <WorstCaseBar breakdown={data.worstCaseFailover} />
        </Panel>

        {subject && (
          <p className="flex items-center gap-2 text-sm text-zinc-400" data-testid="recovery-subject">
            Only recovery about {subjectKind} <span className="font-mono text-zinc-200">{subject}</span>
            <Link href="/recovery" className="inline-flex items-center gap-1 rounded px-1.5 py-0.5 text-xs text-zinc-400 hover:bg-zinc-800 hover:text-zinc-100">
              <X className="size-3" aria-hidden />
              show everything
            </Link>
          </p>
        )}

        <div className="grid items-start gap-4 xl:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
          <PlansPanel plans={plans} details={details} rankings={rankings} now={now} />
          <div className="flex min-w-0 flex-col gap-4">
            {actions.data ? (
              <ApprovalsPanel actions={scopedActions} canOperate={canOperate} now={now} onChanged={refreshAll} />
            ) : (
              <Panel title="Approvals">{actions.error ? <ErrorState message={actions.error} onRetry={actions.reload} className="h-24" /> : <LoadingState className="h-24" />}</Panel>
            )}
            <BlocksPanel blocks={blocks} canOperate={canOperate} now={now} onChanged={refreshAll} />
          </div>
        </div>

        <div className="grid items-start gap-4 xl:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
          <Panel title="Recent actions" actions={<span>newest first</span>} bodyClassName="p-0 max-h-[460px] overflow-y-auto">
            {!actions.data ? (
              actions.error ? <ErrorState message={actions.error} onRetry={actions.reload} className="h-32" /> : <LoadingState className="h-32" />
            ) : scopedActions.length === 0 ? (
              <EmptyState title="No recovery actions yet" className="h-32">
                Actions Vigil plans or operators request show here.
              </EmptyState>
            ) : (
              <RecentActionsTable actions={scopedActions} now={now} />
            )}
          </Panel>
          <div className="flex min-w-0 flex-col gap-4">
            {canOperate && (
              <Panel title="Manual action">
                <ManualActionForm initialNode={subjectKind === "node" ? subject : null} frozen={data?.killSwitch.frozen ?? false} onRequested={refreshAll} />
              </Panel>
            )}
            {policies.data ? (
              <PolicyOverridesPanel policies={policies.data} groupIds={groupIds} canOperate={canOperate} onSaved={refreshAll} />
            ) : (
              <Panel title="Policy overrides">{policies.error ? <ErrorState message={policies.error} onRetry={policies.reload} className="h-24" /> : <LoadingState className="h-24" />}</Panel>
            )}
          </div>
        </div>

        {/* Full width: a hook's name, scope, endpoint and buttons do not fit the side column. */}
        <HooksPanel canAdmin={hasRole(me, "admin")} />

        <Panel title="Audit log" actions={audit.error && audit.data ? <span className="text-amber-300">{audit.error}</span> : <span>newest first</span>} bodyClassName="p-0 max-h-[520px] overflow-y-auto">
          {!audit.data ? (
            audit.error ? <ErrorState message={audit.error} onRetry={audit.reload} className="h-32" /> : <LoadingState className="h-32" />
          ) : audit.data.items.length === 0 ? (
            <EmptyState title="Nothing audited yet" className="h-32" />
          ) : (
            <AuditTable items={audit.data.items} now={now} />
          )}
        </Panel>
      </div>
    </>
  );
}

function Summary({ mode, frozen, activePlans, awaiting, blocks }: { mode: string; frozen: boolean; activePlans: number; awaiting: number; blocks: number }) {
  const dot = <span className="text-zinc-400"> · </span>;
  return (
    <span className="tabular" data-testid="recovery-summary">
      {frozen ? <span className="font-medium text-amber-300">frozen</span> : <span>mode {mode}</span>}
      {dot}
      <span className={activePlans ? "text-blue-300" : ""}>{activePlans} active {activePlans === 1 ? "plan" : "plans"}</span>
      {dot}
      <span className={awaiting ? "text-amber-300" : ""}>{awaiting} awaiting approval</span>
      {dot}
      <span className={blocks ? "text-amber-300" : ""}>{blocks} held back</span>
    </span>
  );
}
