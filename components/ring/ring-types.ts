import type { RingApplied, RingEpochItem, RingEpochList, RingGroupRow as RingGroupView, RingLookup, RingPreview, RingView } from "@/lib/protocol/api/ring";

/** What the ring API answers (types only: no server code in the bundle). */
export type RingResponse = Omit<RingView, "groups"> & { groups: (Omit<RingGroupView, "tokens"> & { tokens: number })[] };
export type RingGroupRow = RingResponse["groups"][number];
export type RingPendingGroup = RingView["pending"][number];
export type RingAgentBehind = RingView["agentsBehind"][number];
export type RingImbalanceView = NonNullable<RingView["imbalance"]>;
export type RingEpochsResponse = RingEpochList;
export type { RingApplied, RingEpochItem, RingPreview };
export type RingLookupResult = RingLookup;
export type RingSettingsResponse = { settings: RingView["settings"] };

/** `GET /api/v1/ring?tokens=1`: the same answer with each group's token positions. */
export type RingWithTokens = Omit<RingView, "groups"> & { groups: (Omit<RingGroupView, "tokens"> & { tokens: number[] })[] };
