import type { AlertList, AlertView, DeliveryList, DeliveryView, ReceiverList, ReceiverView, SilenceList, SilenceView } from "@/lib/protocol/api/alerts";

export type { AlertView, DeliveryView, ReceiverView, SilenceView };
export type AlertsResponse = AlertList;
export type SilencesResponse = SilenceList;
export type ReceiversResponse = ReceiverList;
export type DeliveriesResponse = DeliveryList;
export type SilenceState = SilenceView["state"];
