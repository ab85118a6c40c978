import { z } from "zod";

/** Operator-editable settings of replica-group checks. */
export const replicationSettingsSchema = z.object({
  /** A replica whose reported lagMs is over this raises `replication_lag`. */
  lagThresholdMs: z.number().int().min(0).max(86_400_000).default(10_000),
  /**
   * Whether a suspect primary counts as unhealthy: it raises `no_healthy_primary` and a healthy
   * member reporting primary is recognised in its place. Default yes.
   */
  suspectPrimaryIsUnhealthy: z.boolean().default(true),
  /** How long the memory keeps a group that no node belongs to any more (its epoch survives). */
  forgetAbsentGroupAfterMs: z.number().int().min(0).default(7 * 24 * 3_600_000),
});

export type ReplicationSettings = z.infer<typeof replicationSettingsSchema>;
export type ReplicationSettingsInput = z.input<typeof replicationSettingsSchema>;

export const DEFAULT_REPLICATION_SETTINGS: ReplicationSettings = replicationSettingsSchema.parse({});
