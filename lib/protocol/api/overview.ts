import { z } from "zod";
import { nodeStateSchema } from "../common";
import { nodeEventViewSchema } from "./nodes";
import { msSchema } from "./shared";

/** The fleet at a glance: `GET /api/v1/overview` (the first paint; live deltas keep it current). */

/** An enum-keyed record is exhaustive in zod 4: every state has a count. */
const stateCountsSchema = z.record(nodeStateSchema, z.number());

export const fleetStatsSchema = z.object({
  at: msSchema,
  counts: stateCountsSchema,
  total: z.number(),
  connectedAgents: z.number(),
  heartbeatsPerSec: z.number(),
  logsPerSec: z.number(),
  service: z
    .object({ degraded: z.number(), down: z.number() })
    .optional()
    .meta({ description: "Of the nodes counted healthy (their agents are heard), how many have a degraded or down service" }),
});
export type FleetStats = z.infer<typeof fleetStatsSchema>;

export const fleetLoadPointSchema = z.object({ ts: msSchema, cpu: z.number(), mem: z.number(), disk: z.number(), load1: z.number(), nodes: z.number() });
export type FleetLoadPoint = z.infer<typeof fleetLoadPointSchema>;

export const zoneCountsSchema = z.object({ zone: z.string(), counts: stateCountsSchema });
export type ZoneCounts = z.infer<typeof zoneCountsSchema>;

export const fleetOverviewSchema = z.object({
  stats: fleetStatsSchema,
  zones: z.array(zoneCountsSchema),
  recentEvents: z.array(nodeEventViewSchema),
  load: z.array(fleetLoadPointSchema),
});
export type FleetOverview = z.infer<typeof fleetOverviewSchema>;
