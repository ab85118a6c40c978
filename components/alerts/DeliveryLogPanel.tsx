"use client";

import { useState } from "react";
import { hasRole, useCurrentUser } from "@/components/layout/CurrentUserProvider";
import { EmptyState } from "@/components/ui/EmptyState";
import { ErrorState } from "@/components/ui/ErrorState";
import { LoadingState } from "@/components/ui/LoadingState";
import { Panel } from "@/components/ui/Panel";
import { SegmentedControl } from "@/components/ui/SegmentedControl";
import { SectionMessage } from "@/components/settings/SectionMessage";
import { apiFetch, errorMessage } from "@/components/live/api-client";
import { summarizeDeliveries } from "@/components/alerts/delivery-stats";
import { formatMilliseconds, formatPercent } from "@/components/ui/format";
import type { DeliveryView, ReceiverView } from "./alert-types";
import { DeliveryChart } from "./DeliveryChart";
import { DeliveryRow } from "./DeliveryRow";
import { DELIVERY_LIMIT, useDeliveries, type DeliveryStatusFilter } from "./use-receivers";

const STATUS_OPTIONS: readonly { value: DeliveryStatusFilter; label: string }[] = [
  { value: "all", label: "All" },
  { value: "pending", label: "Pending" },
  { value: "delivered", label: "Delivered" },
  { value: "dead", label: "Dead" },
];

type DeliveryLogPanelProps = { receiver: ReceiverView; now: number };

function Summary({ deliveries }: { deliveries: readonly DeliveryView[] }) {
  const summary = summarizeDeliveries(deliveries);
  return (
    <dl className="flex flex-wrap gap-x-6 gap-y-1 text-xs" data-testid="delivery-summary">
      <div className="flex gap-1.5">
        <dt className="text-zinc-400">Delivered</dt>
        <dd className="text-green-300 tabular">{summary.delivered}</dd>
      </div>
      <div className="flex gap-1.5">
        <dt className="text-zinc-400">Pending</dt>
        <dd className={`tabular ${summary.pending > 0 ? "text-amber-300" : "text-zinc-300"}`}>{summary.pending}</dd>
      </div>
      <div className="flex gap-1.5">
        <dt className="text-zinc-400">Dead</dt>
        <dd className={`tabular ${summary.dead > 0 ? "text-red-300" : "text-zinc-300"}`}>{summary.dead}</dd>
      </div>
      <div className="flex gap-1.5" title="Accepted answers over all recorded attempts">
        <dt className="text-zinc-400">Attempt success</dt>
        <dd className="text-zinc-100 tabular">{formatPercent(summary.attemptSuccessRate)}</dd>
      </div>
      <div className="flex gap-1.5" title="Median latency of accepted attempts">
        <dt className="text-zinc-400">Median latency</dt>
        <dd className="text-zinc-100 tabular">{formatMilliseconds(summary.medianLatencyMs)}</dd>
      </div>
    </dl>
  );
}

/** The receiver's recent deliveries: chart of every attempt, then the log with request and answers. */
export function DeliveryLogPanel({ receiver, now }: DeliveryLogPanelProps) {
  const canRedeliver = hasRole(useCurrentUser(), "operator");
  const [status, setStatus] = useState<DeliveryStatusFilter>("all");
  const deliveries = useDeliveries(receiver.id, status);
  const [expanded, setExpanded] = useState<ReadonlySet<number>>(new Set());
  const [redelivering, setRedelivering] = useState<number | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  const toggle = (id: number) =>
    setExpanded((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  const redeliver = async (delivery: DeliveryView) => {
    setRedelivering(delivery.id);
    setFailure(null);
    try {
      await apiFetch(`/api/v1/deliveries/${delivery.id}/redeliver`, { method: "POST" });
      deliveries.reload();
    } catch (error) {
      setFailure(`Could not redeliver #${delivery.id}: ${errorMessage(error)}`);
    } finally {
      setRedelivering(null);
    }
  };

  const items = deliveries.data?.items;
  const body = (() => {
    if (!items) return deliveries.error ? <ErrorState message={deliveries.error} onRetry={deliveries.reload} className="h-48" /> : <LoadingState label="Loading deliveries…" className="h-48" />;
    if (items.length === 0) {
      return (
        <EmptyState title={status === "all" ? "Nothing sent yet" : `No ${status} deliveries`} className="h-48">
          {status === "all" ? "Notifications to this receiver appear here. “Send test” sends one now." : "Try another status."}
        </EmptyState>
      );
    }
    return (
      <>
        <div className="space-y-3 border-b border-zinc-800 px-4 py-3">
          <Summary deliveries={items} />
          <DeliveryChart deliveries={items} />
        </div>
        <div className="overflow-x-auto">
          <table className="w-full text-sm">
            <thead className="text-left text-xs tracking-wide text-zinc-400 uppercase">
              <tr className="border-b border-zinc-800">
                <th className="px-3 py-2 font-medium">#</th>
                <th className="px-3 py-2 font-medium">Status</th>
                <th className="px-3 py-2 font-medium">Group</th>
                <th className="px-3 py-2 text-right font-medium">Attempts</th>
                <th className="px-3 py-2 text-right font-medium">HTTP</th>
                <th className="px-3 py-2 text-right font-medium">Latency</th>
                <th className="px-3 py-2 font-medium">When</th>
                <th className="px-3 py-2" aria-label="Actions" />
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-800/70">
              {items.map((delivery) => (
                <DeliveryRow
                  key={delivery.id}
                  delivery={delivery}
                  open={expanded.has(delivery.id)}
                  onToggle={toggle}
                  now={now}
                  canRedeliver={canRedeliver}
                  redelivering={redelivering === delivery.id}
                  onRedeliver={redeliver}
                />
              ))}
            </tbody>
          </table>
        </div>
      </>
    );
  })();

  return (
    <Panel
      title={
        <span>
          Deliveries to <span className="text-zinc-100">{receiver.name}</span>
          <span className="ml-2 text-xs font-normal text-zinc-400">latest {DELIVERY_LIMIT}</span>
        </span>
      }
      actions={<SegmentedControl label="Delivery status" options={STATUS_OPTIONS} value={status} onChange={setStatus} />}
      bodyClassName="p-0"
    >
      {failure && (
        <div className="px-4 pt-3">
          <SectionMessage message={failure} />
        </div>
      )}
      {deliveries.error && items && <p className="px-4 pt-2 text-xs text-amber-300">Last refresh failed: {deliveries.error}</p>}
      {body}
    </Panel>
  );
}
