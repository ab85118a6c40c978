"use client";

import { useApiResource } from "@/components/live/use-api-resource";
import { buildQuery } from "@/components/live/api-client";
import type { DeliveriesResponse, ReceiversResponse } from "./alert-types";
import { usePageVisible } from "@/components/live/use-page-visible";

/** A receiver can be disabled by the dispatcher (410 Gone) at any time; deliveries move every retry. */
const RECEIVERS_POLL_MS = 5_000;
const DELIVERIES_POLL_MS = 2_000;
export const DELIVERY_LIMIT = 100;

export type DeliveryStatusFilter = "all" | "pending" | "delivered" | "dead";

export function useReceivers() {
  const visible = usePageVisible();
  return useApiResource<ReceiversResponse>("/api/v1/receivers", { refreshMs: visible ? RECEIVERS_POLL_MS : undefined, keepPreviousData: true });
}

/** The recent deliveries of one receiver, newest first, polled while the page is visible. */
export function useDeliveries(receiverId: string | null, status: DeliveryStatusFilter) {
  const visible = usePageVisible();
  const path = receiverId ? `/api/v1/deliveries${buildQuery({ receiverId, status: status === "all" ? null : status, limit: DELIVERY_LIMIT })}` : null;
  return useApiResource<DeliveriesResponse>(path, { refreshMs: visible ? DELIVERIES_POLL_MS : undefined });
}
