import { z } from "zod";
import { msSchema } from "./shared";

/** `GET /api/v1/cluster`, the same on every instance. Clients rely on self, leader and instances[].{id, connectedAgents, startedAt, lastSeenAt}. */
export const clusterViewSchema = z.object({
  self: z.string(),
  leader: z.object({ id: z.string(), since: msSchema, fence: z.number(), expiresAt: msSchema }).nullable(),
  instances: z.array(
    z.object({
      id: z.string(),
      connectedAgents: z.number(),
      startedAt: msSchema,
      lastSeenAt: msSchema,
      version: z.string(),
      loopLagMs: z.number(),
      heartbeatsPerSec: z.number(),
      rssBytes: z.number(),
      alive: z.boolean(),
      leader: z.boolean(),
    }),
  ),
});
export type ClusterView = z.infer<typeof clusterViewSchema>;
