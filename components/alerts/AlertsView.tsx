"use client";

import { BellOff } from "lucide-react";
import Link from "next/link";
import { useCallback, useEffect, useMemo, useState } from "react";
import { hasRole, useCurrentUser } from "@/components/layout/CurrentUserProvider";
import { PageHeader } from "@/components/layout/PageHeader";
import { useNow } from "@/components/live/use-now";
import { EmptyState } from "@/components/ui/EmptyState";
import { ErrorState } from "@/components/ui/ErrorState";
import { LoadingState } from "@/components/ui/LoadingState";
import { SegmentedControl } from "@/components/ui/SegmentedControl";
import { compareAlerts, groupAlertsByName, rootCauseAction, rootCauseNodeCount, rootCauseTitle, zoneName } from "@/components/alerts/alert-groups";
import { groupUnderRootCauses, partitionNodesURL, type RootCause } from "@/lib/alerts/root-cause";
import { matchesAllMatchers, silenceMatchersForAlert, type LabelMatcher } from "@/components/alerts/alert-matchers";
import { formatRelativeTime } from "@/components/ui/format";
import { severityStyle } from "@/components/incidents/incident-severity";
import type { AlertView, SilenceView } from "./alert-types";
import { AlertGroupSection } from "./AlertGroupSection";
import { AlertRow } from "./AlertRow";
import { RootCauseLine } from "./RootCauseLine";
import { useRecoveryFreezes } from "./use-recovery-freezes";
import { SilenceFormModal } from "./SilenceFormModal";
import { useAlerts } from "./use-alerts";
import { useSilences } from "./use-silences";

type StatusFilter = "all" | "firing" | "resolved";
const FILTER_OPTIONS: readonly { value: StatusFilter; label: string }[] = [
  { value: "all", label: "All" },
  { value: "firing", label: "Firing" },
  { value: "resolved", label: "Resolved" },
];

const EMPTY: Record<StatusFilter, { title: string; body: string }> = {
  all: { title: "No alerts", body: "Nothing has fired yet. Alerts appear here as soon as a rule's condition holds." },
  firing: { title: "Nothing is firing", body: "Every alert has resolved. Resolved alerts stay listed under “Resolved”." },
  resolved: { title: "No resolved alerts", body: "Alerts move here once their condition no longer holds." },
};

function FiringSummary({ alerts }: { alerts: readonly AlertView[] }) {
  const firing = alerts.filter((alert) => alert.status === "firing");
  if (firing.length === 0) return <span className="text-green-400">Nothing firing</span>;
  const bySeverity = ["critical", "warning", "info"]
    .map((severity) => [severity, firing.filter((alert) => alert.labels.severity === severity).length] as const)
    .filter(([, count]) => count > 0);
  return (
    <span className="tabular" data-testid="firing-summary">
      <span className="font-semibold text-zinc-100">{firing.length} firing</span>
      {bySeverity.map(([severity, count]) => (
        <span key={severity}>
          <span className="text-zinc-400"> · </span>
          <span className={severityStyle(severity).text}>
            {count} {severity}
          </span>
        </span>
      ))}
    </span>
  );
}

type RootCauseSectionProps = {
  cause: RootCause<AlertView>;
  action: ReturnType<typeof rootCauseAction>;
  open: boolean;
  onToggle: () => void;
  now: number;
  silencesFor: (alert: AlertView) => SilenceView[];
  canSilence: boolean;
  onSilence: (alert: AlertView) => void;
};

/** A partition's line; expanded, the partition alert itself first, then every alert it holds back. */
function RootCauseSection({ cause, action, open, onToggle, now, silencesFor, canSilence, onSilence }: RootCauseSectionProps) {
  const heldBackBy = cause.kind === "monitor" || cause.zone === null ? "monitor partition" : `${zoneName(cause.zone)} partition`;
  const members = [...cause.members].sort(compareAlerts);
  const firing = members.filter((alert) => alert.status === "firing").length;
  return (
    <RootCauseLine
      kind={cause.kind}
      zone={cause.zone}
      title={rootCauseTitle(cause)}
      action={action}
      nodesHref={partitionNodesURL(cause.zone)}
      nodes={cause.nodes}
      nodeCount={rootCauseNodeCount(cause)}
      since={cause.alert.startsAt}
      membersLabel={`${firing} alert${firing === 1 ? "" : "s"} under it`}
      open={open}
      onToggle={onToggle}
    >
      <ul className="divide-y divide-zinc-800/70">
        <AlertRow alert={cause.alert} now={now} silencedBy={silencesFor(cause.alert)} canSilence={canSilence} onSilence={onSilence} />
        {members.map((alert) => (
          <AlertRow key={alert.fingerprint} alert={alert} now={now} silencedBy={silencesFor(alert)} canSilence={canSilence} onSilence={onSilence} heldBackBy={heldBackBy} />
        ))}
      </ul>
    </RootCauseLine>
  );
}

export function AlertsView() {
  const canSilence = hasRole(useCurrentUser(), "operator");
  const alerts = useAlerts();
  const silences = useSilences();
  const now = useNow(1000);
  const [filter, setFilter] = useState<StatusFilter>("all");
  const [toggled, setToggled] = useState<ReadonlyMap<string, boolean>>(new Map());
  const [silenceDraft, setSilenceDraft] = useState<LabelMatcher[] | null>(null);
  const [lastLoadAt, setLastLoadAt] = useState<number | null>(null);

  const items = alerts.data?.items;
  // "Updated 1 s ago" tells an operator the poll is alive; it moves only when an answer arrives.
  useEffect(() => {
    if (items) setLastLoadAt(Date.now());
  }, [items]);

  // One root cause, one line: a partition's symptoms fold under it instead of into their own groups.
  const grouping = useMemo(() => groupUnderRootCauses((items ?? []).filter((alert) => filter === "all" || alert.status === filter)), [items, filter]);
  const groups = useMemo(() => groupAlertsByName(grouping.rest), [grouping]);
  const freezes = useRecoveryFreezes(grouping.rootCauses.length > 0);

  const activeSilences = useMemo(() => (silences.data?.items ?? []).filter((silence) => silence.startsAt <= now && now < silence.endsAt), [silences.data, now]);
  const silencesFor = useCallback(
    (alert: AlertView): SilenceView[] => (alert.status === "firing" ? activeSilences.filter((silence) => matchesAllMatchers(silence.matchers, alert.labels)) : []),
    [activeSilences],
  );

  // A group that fired while the page was open stays open when its last alert resolves, so the
  // operator watching it sees the resolution instead of the group folding away under them.
  const [wasFiring, setWasFiring] = useState<ReadonlySet<string>>(new Set());
  useEffect(() => {
    const firingNames = groups.filter((group) => group.firing > 0).map((group) => group.alertname);
    if (firingNames.every((name) => wasFiring.has(name))) return;
    setWasFiring((current) => new Set([...current, ...firingNames]));
  }, [groups, wasFiring]);

  const isOpen = (firing: number, alertname: string) => toggled.get(alertname) ?? (firing > 0 || wasFiring.has(alertname) || filter === "resolved");
  const toggle = (alertname: string) =>
    setToggled((current) => {
      const group = groups.find((entry) => entry.alertname === alertname);
      const next = new Map(current);
      next.set(alertname, !isOpen(group?.firing ?? 0, alertname));
      return next;
    });

  const header = (
    <PageHeader
      title="Alerts"
      subtitle={
        items ? (
          <span>
            <FiringSummary alerts={items} />
            <span className="text-zinc-400"> · </span>
            <span className="text-zinc-400">updated {formatRelativeTime(lastLoadAt, now)}</span>
            {alerts.error && <span className="text-amber-300"> · last refresh failed: {alerts.error}</span>}
          </span>
        ) : (
          "What Vigil's rules see firing now, and what fired recently."
        )
      }
      actions={
        <>
          <SegmentedControl label="Alert status" options={FILTER_OPTIONS} value={filter} onChange={setFilter} />
          <Link href="/silences" prefetch={false} className="inline-flex h-8 items-center gap-1.5 rounded-md px-2.5 text-xs font-medium text-zinc-300 hover:bg-zinc-800 hover:text-zinc-100">
            <BellOff className="size-3.5" aria-hidden />
            Silences{activeSilences.length > 0 ? ` (${activeSilences.length} active)` : ""}
          </Link>
        </>
      }
    />
  );

  const body = (() => {
    if (!items) return alerts.error ? <ErrorState message={alerts.error} onRetry={alerts.reload} className="h-64" /> : <LoadingState label="Loading alerts…" className="h-64" />;
    if (groups.length === 0 && grouping.rootCauses.length === 0) {
      return (
        <EmptyState title={EMPTY[filter].title} className="h-64">
          {EMPTY[filter].body}
        </EmptyState>
      );
    }
    return (
      <div className="flex flex-col gap-3">
        {grouping.rootCauses.map((cause) => (
          <RootCauseSection
            key={cause.key}
            cause={cause}
            action={rootCauseAction(freezes)}
            open={toggled.get(`root-cause:${cause.key}`) ?? false}
            onToggle={() => setToggled((current) => new Map(current).set(`root-cause:${cause.key}`, !(current.get(`root-cause:${cause.key}`) ?? false)))}
            now={now}
            silencesFor={silencesFor}
            canSilence={canSilence}
            onSilence={(alert) => setSilenceDraft(silenceMatchersForAlert(alert.labels))}
          />
        ))}
        {groups.map((group) => (
          <AlertGroupSection
            key={group.alertname}
            group={group}
            open={isOpen(group.firing, group.alertname)}
            onToggle={toggle}
            now={now}
            silencesFor={silencesFor}
            canSilence={canSilence}
            onSilence={(alert) => setSilenceDraft(silenceMatchersForAlert(alert.labels))}
          />
        ))}
      </div>
    );
  })();

  return (
    <>
      {header}
      <div className="p-6">{body}</div>
      <SilenceFormModal
        initialMatchers={silenceDraft}
        alerts={items ?? null}
        onClose={() => setSilenceDraft(null)}
        onCreated={() => {
          silences.reload();
          alerts.reload();
        }}
      />
    </>
  );
}
