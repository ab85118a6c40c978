import { z } from "zod";

/**
 * What one call hands to the next (the caller stores it as JSON): per group, the epoch and the
 * last primary Vigil recognised. Keyed by group key (see `groupKey`).
 */
export const groupMemoryEntrySchema = z.object({
  /** Starts at 1; bumps each time the recognised primary changes to another node. */
  epoch: z.number().int().min(1),
  /** The last recognised primary; kept while no member reports primary, so a return is no new epoch. */
  primaryId: z.string().nullable(),
  /** When `primaryId` became the recognised primary. */
  primarySince: z.number().nullable(),
  /** The last call in which the group had members. */
  lastSeenAt: z.number(),
});

export const groupMemorySchema = z.object({
  version: z.literal(1),
  groups: z.record(z.string(), groupMemoryEntrySchema),
});

export type GroupMemoryEntry = z.infer<typeof groupMemoryEntrySchema>;
export type GroupMemory = z.infer<typeof groupMemorySchema>;

export function emptyGroupMemory(): GroupMemory {
  return { version: 1, groups: {} };
}

/** Reads stored memory back; null when it is missing or not in this shape (start afresh). */
export function parseGroupMemory(stored: unknown): GroupMemory | null {
  const parsed = groupMemorySchema.safeParse(stored);
  return parsed.success ? parsed.data : null;
}

/** Keeps entries of absent groups for `retentionMs`, so their epochs survive a short absence. */
export function keepRecentAbsentGroups(
  previous: GroupMemory | null,
  present: ReadonlySet<string>,
  now: number,
  retentionMs: number,
): Record<string, GroupMemoryEntry> {
  if (!previous) return {};
  const kept: Record<string, GroupMemoryEntry> = {};
  for (const [key, entry] of Object.entries(previous.groups)) {
    if (present.has(key)) continue;
    if (now - entry.lastSeenAt > retentionMs) continue;
    kept[key] = entry;
  }
  return kept;
}
