import type { listRingEpochs, lookupRingKey, previewRingChange, ringView } from "@/lib/store/ring";

/** What the ring API answers, typed from the server functions that build it (types only: no server code in the bundle). */
export type RingResponse = Awaited<ReturnType<typeof ringView>>;
export type RingGroupRow = RingResponse["groups"][number];
export type RingPendingGroup = RingResponse["pending"][number];
export type RingAgentBehind = RingResponse["agentsBehind"][number];
export type RingImbalanceView = NonNullable<RingResponse["imbalance"]>;
export type RingEpochsResponse = Awaited<ReturnType<typeof listRingEpochs>>;
export type RingEpochItem = RingEpochsResponse["items"][number];
export type RingPreview = Awaited<ReturnType<typeof previewRingChange>>;
export type RingApplied = RingPreview & { epoch: number };
export type RingLookupResult = Awaited<ReturnType<typeof lookupRingKey>>;
export type RingSettingsResponse = { settings: RingResponse["settings"] };

/** `GET /api/v1/ring?tokens=1`: the same answer with each group's token positions. */
export type RingWithTokens = Omit<RingResponse, "groups"> & { groups: (Omit<RingGroupRow, "tokens"> & { tokens: number[] })[] };
