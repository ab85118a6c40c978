import type { RingApplied, RingDrawing, RingEpochItem, RingEpochList, RingGroupRow as RingGroupView, RingLookup, RingPreview, RingView } from "@/lib/protocol/api/ring";

/** What the ring API answers (types only: no server code in the bundle). */
export type RingResponse = Omit<RingView, "groups" | "drawing"> & { groups: (Omit<RingGroupView, "tokens"> & { tokens: number })[] };
export type RingGroupRow = RingResponse["groups"][number];
export type RingPendingGroup = RingView["pending"][number];
export type RingAgentBehind = RingView["agentsBehind"][number];
export type RingImbalanceView = NonNullable<RingView["imbalance"]>;
export type RingEpochsResponse = RingEpochList;
export type { RingApplied, RingEpochItem, RingPreview };
export type RingLookupResult = RingLookup;
export type RingSettingsResponse = { settings: RingView["settings"] };

/** `GET /api/v1/ring?arcs=N`: the same answer with the ring as at most N arcs to draw. */
export type RingWithDrawing = RingResponse & { drawing?: RingDrawing };
export type { RingDrawing };
