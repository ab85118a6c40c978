"use client";

import { RefreshCw, X } from "lucide-react";
import { useState } from "react";
import { PageHeader } from "@/components/layout/PageHeader";
import { buildQuery } from "@/components/live/api-client";
import { useNow } from "@/components/live/use-now";
import { Button } from "@/components/ui/Button";
import { EmptyState } from "@/components/ui/EmptyState";
import { ErrorState } from "@/components/ui/ErrorState";
import { LoadingState } from "@/components/ui/LoadingState";
import { Panel } from "@/components/ui/Panel";
import { AuditFilters } from "./AuditFilters";
import { AuditLogTable } from "./AuditLogTable";
import { EMPTY_AUDIT_FILTER, type AuditFilterDraft } from "./audit-filters";
import { useAudit } from "./use-audit";

/** Keeps the address bar in step, so a link shows the same filter. */
function syncUrl(draft: AuditFilterDraft): void {
  window.history.replaceState(null, "", `/audit${buildQuery({ action: draft.action, actor: draft.actor, target: draft.target })}`);
}

export function AuditView({ initial }: { initial: Pick<AuditFilterDraft, "action" | "actor" | "target"> }) {
  const [draft, setDraft] = useState<AuditFilterDraft>({ ...EMPTY_AUDIT_FILTER, ...initial });
  const audit = useAudit(draft);
  const now = useNow(5_000);
  const change = (next: AuditFilterDraft) => {
    setDraft(next);
    syncUrl(next);
  };
  const filtered = draft.action !== "" || draft.actor !== "" || draft.target !== "" || draft.preset !== "all";

  return (
    <>
      <PageHeader
        title="Audit log"
        subtitle="Every change: logins, users and tokens, receivers, silences, rules, maintenance, policies, hooks, the ring, settings and recovery actions."
        actions={
          <Button variant="secondary" onClick={audit.refresh} disabled={audit.loading} aria-label="Refresh">
            <RefreshCw className={`size-4 ${audit.loading ? "animate-spin" : ""}`} aria-hidden />
            Refresh
          </Button>
        }
      />
      <div className="flex flex-col gap-4 p-6">
        <div className="flex flex-wrap items-center gap-3">
          <AuditFilters draft={draft} kindGroups={audit.kindGroups} onChange={change} />
          {filtered && (
            <Button variant="ghost" size="sm" onClick={() => change(EMPTY_AUDIT_FILTER)}>
              <X className="size-3" aria-hidden />
              Clear filters
            </Button>
          )}
        </div>
        <Panel bodyClassName="p-0" title="Newest first" actions={<span>refreshes every 10 s</span>}>
          {!audit.items ? (
            audit.error ? <ErrorState message={audit.error} onRetry={audit.refresh} className="h-48" /> : <LoadingState label="Loading the audit log…" className="h-48" />
          ) : audit.items.length === 0 ? (
            <EmptyState title={filtered ? "Nothing matches these filters" : "Nothing audited yet"} className="h-48">
              {filtered ? "Widen the time range or clear a filter." : "Changes made through the API or this dashboard appear here."}
            </EmptyState>
          ) : (
            <>
              <AuditLogTable items={audit.items} now={now} descriptions={audit.descriptions} onPick={(pick) => change({ ...draft, ...pick })} />
              {(audit.hasOlder || audit.olderError) && (
                <div className="flex items-center justify-center gap-3 border-t border-zinc-800 p-3 text-sm">
                  {audit.olderError && <span className="text-red-300">{audit.olderError}</span>}
                  {audit.hasOlder && (
                    <Button variant="secondary" size="sm" onClick={audit.loadOlder} disabled={audit.loadingOlder}>
                      {audit.loadingOlder ? "Loading…" : "Load older entries"}
                    </Button>
                  )}
                </div>
              )}
            </>
          )}
        </Panel>
      </div>
    </>
  );
}
