import type { listDeliveries, AlertView, ReceiverView, SilenceView } from "@/lib/store/alerting";

export type { AlertView, ReceiverView, SilenceView };
export type AlertsResponse = { items: AlertView[] };
export type SilencesResponse = { items: SilenceView[] };
export type ReceiversResponse = { items: ReceiverView[] };
export type DeliveryView = Awaited<ReturnType<typeof listDeliveries>>["items"][number];
export type DeliveriesResponse = { items: DeliveryView[] };
export type SilenceState = SilenceView["state"];
