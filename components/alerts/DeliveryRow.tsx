"use client";

import { ChevronDown, ChevronRight, RotateCw } from "lucide-react";
import { Fragment } from "react";
import { Button } from "@/components/ui/Button";
import { describeGroupKey, notificationStatus, prettyBody } from "@/components/alerts/delivery-stats";
import { formatDateTime, formatMilliseconds, formatRelativeTime } from "@/components/ui/format";
import type { DeliveryView } from "./alert-types";
import { DeliveryStatusBadge } from "./DeliveryStatusBadge";

type DeliveryRowProps = {
  delivery: DeliveryView;
  open: boolean;
  onToggle: (id: number) => void;
  now: number;
  canRedeliver: boolean;
  redelivering: boolean;
  onRedeliver: (delivery: DeliveryView) => void;
};

export const DELIVERY_COLUMNS = 8;

function HttpStatus({ status }: { status: number | null }) {
  if (status === null) return <span className="text-zinc-400">—</span>;
  const tone = status >= 200 && status < 300 ? "text-green-300" : status >= 500 || status === 410 ? "text-red-300" : "text-amber-300";
  return <span className={tone}>{status}</span>;
}

function DeliveryDetail({ delivery }: { delivery: DeliveryView }) {
  return (
    <div className="grid gap-3 lg:grid-cols-2">
      <div className="min-w-0 space-y-1">
        <p className="text-xs font-medium text-zinc-400">
          Request <span className="font-mono text-zinc-400">webhook-id {delivery.webhookId}</span>
        </p>
        <pre className="max-h-72 overflow-auto rounded-md border border-zinc-800 bg-zinc-950 p-2 font-mono text-[11px] leading-4 text-zinc-300">{prettyBody(delivery.request)}</pre>
      </div>
      <div className="min-w-0 space-y-1">
        <p className="text-xs font-medium text-zinc-400">
          Attempts (latest {delivery.recentAttempts.length} of {delivery.attempts})
          {delivery.redacted && <span className="font-normal text-zinc-400"> · responses hidden: admins only</span>}
        </p>
        {delivery.recentAttempts.length === 0 ? (
          <p className="text-xs text-zinc-400">Not attempted yet{delivery.status === "pending" ? `; next at ${formatDateTime(delivery.nextAttemptAt)}` : ""}.</p>
        ) : (
          <ol className="space-y-1.5">
            {delivery.recentAttempts.map((attempt, index) => (
              <li key={`${attempt.at}-${index}`} className="rounded-md border border-zinc-800 bg-zinc-950 p-2 text-xs">
                <div className="flex flex-wrap gap-x-3 tabular">
                  <span className="text-zinc-400">{formatDateTime(attempt.at)}</span>
                  <HttpStatus status={attempt.status} />
                  <span className="text-zinc-400">{formatMilliseconds(attempt.latencyMs)}</span>
                  {attempt.error && <span className="text-red-300">{attempt.error}</span>}
                </div>
                {attempt.responseBody && <pre className="mt-1 max-h-24 overflow-auto font-mono text-[11px] whitespace-pre-wrap text-zinc-400">{attempt.responseBody}</pre>}
              </li>
            ))}
          </ol>
        )}
      </div>
    </div>
  );
}

/** One webhook notification and, expanded, the exact body sent and the receiver's answers. */
export function DeliveryRow({ delivery, open, onToggle, now, canRedeliver, redelivering, onRedeliver }: DeliveryRowProps) {
  const Chevron = open ? ChevronDown : ChevronRight;
  const notification = notificationStatus(delivery.request);
  return (
    <Fragment>
      <tr className="hover:bg-zinc-800/30" data-delivery-id={delivery.id} data-delivery-status={delivery.status}>
        <td className="px-3 py-2">
          <button type="button" onClick={() => onToggle(delivery.id)} aria-expanded={open} aria-label={`${open ? "Hide" : "Show"} request and response of delivery ${delivery.id}`} className="flex items-center gap-1 rounded hover:bg-zinc-800">
            <Chevron className="size-3.5 text-zinc-400" aria-hidden />
            <span className="font-mono text-xs text-zinc-400">#{delivery.id}</span>
          </button>
        </td>
        <td className="px-3 py-2">
          <DeliveryStatusBadge status={delivery.status} />
        </td>
        <td className="max-w-xs px-3 py-2 text-xs">
          <div className="truncate font-mono text-zinc-300" title={delivery.groupKey}>
            {describeGroupKey(delivery.groupKey)}
          </div>
          {notification && <div className={notification === "firing" ? "text-red-300/80" : "text-green-300/80"}>{notification} · seq {delivery.seq}</div>}
        </td>
        <td className="px-3 py-2 text-right text-xs tabular">{delivery.attempts}</td>
        <td className="px-3 py-2 text-right text-xs tabular">
          <HttpStatus status={delivery.lastStatus} />
        </td>
        <td className="px-3 py-2 text-right text-xs text-zinc-300 tabular">{formatMilliseconds(delivery.latencyMs)}</td>
        <td className="px-3 py-2 text-xs whitespace-nowrap text-zinc-400 tabular" title={`Created ${formatDateTime(delivery.createdAt)}${delivery.deliveredAt ? `, delivered ${formatDateTime(delivery.deliveredAt)}` : ""}`}>
          {formatRelativeTime(delivery.createdAt, now)}
          {delivery.status === "pending" && delivery.attempts > 0 && <div className="text-amber-300/80">retry {formatRelativeTime(delivery.nextAttemptAt, now)}</div>}
          {delivery.lastError && delivery.status !== "delivered" && <div className="max-w-48 truncate text-red-300/80" title={delivery.lastError}>{delivery.lastError}</div>}
        </td>
        <td className="px-3 py-2 text-right">
          {canRedeliver && delivery.status !== "pending" && (
            <Button size="sm" variant="ghost" onClick={() => onRedeliver(delivery)} disabled={redelivering} title="Send the same body again, with the same webhook-id">
              <RotateCw className={`size-3.5 ${redelivering ? "animate-spin" : ""}`} aria-hidden />
              Redeliver
            </Button>
          )}
        </td>
      </tr>
      {open && (
        <tr className="bg-zinc-950/40">
          <td colSpan={DELIVERY_COLUMNS} className="px-4 py-3">
            <DeliveryDetail delivery={delivery} />
          </td>
        </tr>
      )}
    </Fragment>
  );
}
