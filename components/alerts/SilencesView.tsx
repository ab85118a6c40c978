"use client";

import { Plus } from "lucide-react";
import { useMemo, useState } from "react";
import { hasRole, useCurrentUser } from "@/components/layout/CurrentUserProvider";
import { PageHeader } from "@/components/layout/PageHeader";
import { useNow } from "@/components/live/use-now";
import { Button } from "@/components/ui/Button";
import { ConfirmDialog } from "@/components/ui/ConfirmDialog";
import { EmptyState } from "@/components/ui/EmptyState";
import { ErrorState } from "@/components/ui/ErrorState";
import { LoadingState } from "@/components/ui/LoadingState";
import { Panel } from "@/components/ui/Panel";
import { SegmentedControl } from "@/components/ui/SegmentedControl";
import { describeMatcher, type LabelMatcher } from "@/components/alerts/alert-matchers";
import { apiFetch } from "@/components/live/api-client";
import type { SilenceState, SilenceView } from "./alert-types";
import { MaintenanceWindows } from "./MaintenanceWindows";
import { SilenceFormModal } from "./SilenceFormModal";
import { SilencesTable } from "./SilencesTable";
import { useAlerts } from "./use-alerts";
import { useSilences } from "./use-silences";

const EMPTY: Record<SilenceState, { title: string; body: string }> = {
  active: { title: "No active silences", body: "Every alert notifies its receivers." },
  pending: { title: "No pending silences", body: "Silences that start later show here until they begin." },
  expired: { title: "No expired silences", body: "Silences move here when they end or are expired by hand." },
};

/** The state as of now, not as of the last fetch: a silence ending mid-poll moves tabs on time. */
function stateAt(silence: Pick<SilenceView, "startsAt" | "endsAt">, now: number): SilenceState {
  if (now < silence.startsAt) return "pending";
  if (now >= silence.endsAt) return "expired";
  return "active";
}

const NEW_SILENCE: LabelMatcher[] = [{ name: "alertname", value: "", isRegex: false, isEqual: true }];

export function SilencesView() {
  const canEdit = hasRole(useCurrentUser(), "operator");
  const silences = useSilences();
  const alerts = useAlerts();
  const now = useNow(1000);
  const [tab, setTab] = useState<SilenceState>("active");
  const [draft, setDraft] = useState<LabelMatcher[] | null>(null);
  const [expiring, setExpiring] = useState<SilenceView | null>(null);

  const byState = useMemo(() => {
    const groups: Record<SilenceState, SilenceView[]> = { active: [], pending: [], expired: [] };
    for (const silence of silences.data?.items ?? []) groups[stateAt(silence, now)].push(silence);
    groups.active.sort((a, b) => a.endsAt - b.endsAt);
    groups.pending.sort((a, b) => a.startsAt - b.startsAt);
    groups.expired.sort((a, b) => b.endsAt - a.endsAt);
    return groups;
  }, [silences.data, now]);
  const firing = useMemo(() => (alerts.data ? alerts.data.items.filter((alert) => alert.status === "firing") : null), [alerts.data]);

  const tabs = (["active", "pending", "expired"] as const).map((value) => ({
    value,
    label: `${value[0].toUpperCase()}${value.slice(1)}${silences.data ? ` (${byState[value].length})` : ""}`,
  }));

  const body = (() => {
    if (!silences.data) {
      return silences.error ? <ErrorState message={silences.error} onRetry={silences.reload} className="h-48" /> : <LoadingState label="Loading silences…" className="h-48" />;
    }
    const list = byState[tab];
    if (list.length === 0) {
      return (
        <EmptyState title={EMPTY[tab].title} className="h-48">
          {EMPTY[tab].body}
        </EmptyState>
      );
    }
    return <SilencesTable silences={list} state={tab} firingAlerts={firing} now={now} canExpire={canEdit} onExpire={setExpiring} />;
  })();

  return (
    <>
      <PageHeader
        title="Silences"
        subtitle={canEdit ? "Mute notifications for matching alerts for a while; they still show as firing on the Alerts page." : "Read only: creating and expiring silences needs the operator role."}
        actions={
          canEdit && (
            <Button variant="primary" onClick={() => setDraft(NEW_SILENCE)}>
              <Plus className="size-4" aria-hidden />
              New silence
            </Button>
          )
        }
      />
      <div className="flex flex-col gap-4 p-6">
        <div className="flex items-center gap-3">
          <SegmentedControl label="Silence state" options={tabs} value={tab} onChange={setTab} />
          {silences.error && silences.data && <span className="text-xs text-amber-300">Last refresh failed: {silences.error}</span>}
        </div>
        <Panel bodyClassName="p-0">{body}</Panel>
        <MaintenanceWindows />
      </div>
      <SilenceFormModal
        initialMatchers={draft}
        alerts={alerts.data?.items ?? null}
        onClose={() => setDraft(null)}
        onCreated={(created) => {
          silences.reload();
          setTab(stateAt(created, Date.now()));
        }}
      />
      <ConfirmDialog
        open={expiring !== null}
        title="Expire silence"
        confirmLabel="Expire now"
        onClose={() => setExpiring(null)}
        onConfirm={async () => {
          if (!expiring) return;
          await apiFetch(`/api/v1/silences/${encodeURIComponent(expiring.id)}`, { method: "DELETE" });
          silences.reload();
        }}
      >
        End the silence on <span className="font-mono text-zinc-100">{expiring?.matchers.map(describeMatcher).join(", ")}</span> now? Matching alerts that are still
        firing will notify their receivers again.
      </ConfirmDialog>
    </>
  );
}
