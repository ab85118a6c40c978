import { z } from "zod";
import { nodeIdSchema } from "../../lib/protocol/common";

export const CHAOS_ACTIONS = ["kill", "revive", "hang", "unhang", "slow", "unslow", "flap", "partition", "heal", "outlier", "normal", "crashloop", "stable"] as const;
export type ChaosAction = (typeof CHAOS_ACTIONS)[number];

/** Actions that only undo chaos may target the whole fleet when no target is named. */
export const RECOVERY_ACTIONS: ReadonlySet<ChaosAction> = new Set(["revive", "unhang", "unslow", "heal", "normal", "stable"]);

export const chaosRequestSchema = z
  .object({
    action: z.enum(CHAOS_ACTIONS),
    nodes: z.array(nodeIdSchema).max(10_000).optional(),
    zone: z.string().min(1).max(64).optional(),
    /** slow: extra random delay per heartbeat, 0..jitterMs. */
    jitterMs: z.number().int().min(0).max(600_000).optional(),
    /** flap: time between a kill and the next revive. crashloop: how long the service stays down, then up, in turns. */
    periodMs: z.number().int().min(500).max(3_600_000).optional(),
  })
  .strict();

export type ChaosRequest = z.infer<typeof chaosRequestSchema>;
export type ChaosResult = { action: ChaosAction; affected: string[] };
