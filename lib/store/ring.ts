import "server-only";
import type { RingChange, RingChangePreview, RingEpoch, RingMembership } from "../ring";
import type { RingEpochList, RingGroupRow, RingLookup, RingPreview, RingSettings, RingView } from "../protocol/api/ring";
import type { Db } from "./prisma";
import { assertLeaseHeld, type LeaseHold } from "./lease";
import { AppError } from "../errors";
import { ringSettingsSchema } from "../protocol/api/ring";
import { RingError, buildRing, commitChange, firstEpoch, imbalance, lookupKey, ownership, previewChange, ringMembershipSchema } from "../ring";
import { currentNodeViews } from "./nodes";
import { listReplicaGroups } from "./replication";
import { cachedSetting, writeSettings } from "./settings-cache";

const SETTINGS_KEY = "ring.settings";

export async function loadRingSettings(db: Db): Promise<RingSettings> {
  return cachedSetting(db, SETTINGS_KEY, async () => {
    const row = await db.jobState.findUnique({ where: { key: SETTINGS_KEY } });
    const parsed = ringSettingsSchema.safeParse(row ? JSON.parse(row.value) : {});
    return parsed.success ? parsed.data : ringSettingsSchema.parse({});
  });
}

export async function saveRingSettings(db: Db, settings: RingSettings): Promise<RingSettings> {
  const value = JSON.stringify(settings);
  await writeSettings(db, db.jobState.upsert({ where: { key: SETTINGS_KEY }, create: { key: SETTINGS_KEY, value }, update: { value } }));
  return settings;
}

export type StoredDiff = Pick<RingChangePreview, "movedShare" | "moves" | "ranges"> & { change: RingChange | null };

export async function currentRingEpoch(db: Db): Promise<RingEpoch | null> {
  const row = await db.ringEpoch.findFirst({ orderBy: { epoch: "desc" } });
  if (!row) return null;
  return { epoch: row.epoch, createdAt: Number(row.createdAt), membership: ringMembershipSchema.parse(JSON.parse(row.membership)) };
}

function ringErrorToApp(error: unknown): never {
  if (error instanceof RingError) throw new AppError("bad_request", error.message);
  throw error;
}

/** What a change would do, computed by exactly the path that applies it. */
export async function previewRingChange(db: Db, change: RingChange): Promise<RingPreview> {
  const current = await currentRingEpoch(db);
  try {
    if (!current) return previewFromEmpty(change);
    const preview = previewChange(current, change);
    return { ...preview };
  } catch (error) {
    return ringErrorToApp(error);
  }
}

/** The very first change can only add groups: everything they own comes from nowhere. */
function previewFromEmpty(change: RingChange): RingPreview {
  if (change.remove?.length || change.reweight?.length || !change.add?.length) {
    throw new AppError("bad_request", "the ring is empty: the first change can only add groups");
  }
  const membership: RingMembership = { groups: change.add };
  const ring = buildRing(firstEpoch(membership, 0).membership);
  const after = ownership(ring);
  return {
    fromEpoch: 0,
    toEpoch: 1,
    movedShare: 1,
    moves: after.map((g) => ({ from: "", to: g.id, share: g.share })),
    ranges: [],
    next: ring.membership,
    ownershipBefore: [],
    ownershipAfter: after,
    imbalanceBefore: null,
    imbalanceAfter: imbalance(after),
  };
}

/**
 * Applies a change as the next epoch. The epoch number is the primary key, so two concurrent
 * changes (two operators, or an operator and the membership policy) cannot both win.
 */
/** `lease`: Vigil's own changes (auto-join, recovery) are fenced; an operator's through the API are not. */
export async function applyRingChange(
  db: Db,
  change: RingChange,
  by: string,
  reason: string,
  now: number,
  lease: LeaseHold | null = null,
): Promise<{ epoch: number; preview: Awaited<ReturnType<typeof previewRingChange>> }> {
  const current = await currentRingEpoch(db);
  let next: RingEpoch;
  let preview: Awaited<ReturnType<typeof previewRingChange>>;
  try {
    if (!current) {
      preview = previewFromEmpty(change);
      next = firstEpoch(preview.next, now);
    } else {
      const committed = commitChange(current, change, now);
      next = committed.epoch;
      preview = committed.preview;
    }
  } catch (error) {
    return ringErrorToApp(error);
  }
  const diff: StoredDiff = { movedShare: preview.movedShare, moves: preview.moves, ranges: preview.ranges.slice(0, 2000), change };
  try {
    await db.$transaction(async (tx) => {
      if (lease) await assertLeaseHeld(tx, lease, now);
      await tx.ringEpoch.create({
        data: { epoch: next.epoch, createdAt: BigInt(now), createdBy: by, reason, membership: JSON.stringify(next.membership), diff: JSON.stringify(diff) },
      });
    });
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError("conflict", `the ring moved past epoch ${current?.epoch ?? 0} meanwhile; preview again`);
  }
  return { epoch: next.epoch, preview };
}

export async function listRingEpochs(db: Db, limit: number): Promise<RingEpochList> {
  const rows = await db.ringEpoch.findMany({ orderBy: { epoch: "desc" }, take: limit });
  return {
    items: rows.map((row) => {
      const diff = JSON.parse(row.diff) as StoredDiff;
      return {
        epoch: row.epoch,
        createdAt: Number(row.createdAt),
        createdBy: row.createdBy,
        reason: row.reason,
        groups: (JSON.parse(row.membership) as RingMembership).groups,
        movedShare: diff.movedShare,
        moves: diff.moves,
        change: diff.change,
      };
    }),
  };
}

/** The ring as operators and scripts read it, with each group's members, primary and health. */
export async function ringView(db: Db, now: number, withTokens: boolean): Promise<RingView> {
  const [current, replicaGroups, settings, nodes] = await Promise.all([
    currentRingEpoch(db),
    listReplicaGroups(db, now),
    loadRingSettings(db),
    currentNodeViews(db),
  ]);
  const byId = new Map(replicaGroups.items.map((g) => [g.id, g]));
  const ring = current ? buildRing(current.membership) : null;
  const owned = ring ? ownership(ring) : [];
  const inRing = new Set(owned.map((g) => g.id));
  const groups = owned.map((g): RingGroupRow => {
    const status = byId.get(g.id);
    const members = status?.members ?? [];
    return {
      id: g.id,
      weight: g.weight,
      ownership: g.share,
      tokens: withTokens && ring ? tokensOf(ring, g.id) : g.tokens,
      tokenCount: g.tokens,
      members: members.map((m) => m.nodeId),
      primary: status?.primaryId ?? null,
      zones: status?.zones ?? [],
      healthyMembers: status?.healthyCount ?? 0,
      maxLagMs: status?.maxLagMs ?? null,
      lastHeartbeatAt: members.reduce<number | null>((latest, m) => (m.lastHeartbeatAt && (!latest || m.lastHeartbeatAt > latest) ? m.lastHeartbeatAt : latest), null),
      state: (status?.healthyCount ?? 0) > 0 ? "up" : members.length ? "down" : "unknown",
      incidents: status?.incidents.length ?? 0,
    };
  });
  const pending = replicaGroups.items.filter((g) => !inRing.has(g.id) && g.healthyCount > 0).map((g) => ({ id: g.id, members: g.members.map((m) => m.nodeId) }));
  const epoch = current?.epoch ?? 0;
  const behind = nodes.filter((n) => n.connected && n.group && inRing.has(n.group) && (n.placementEpoch ?? 0) < epoch).map((n) => ({ nodeId: n.id, epoch: n.placementEpoch }));
  return { epoch, createdAt: current?.createdAt ?? null, groups, pending, agentsBehind: behind, imbalance: owned.length ? imbalance(owned) : null, settings };
}

function tokensOf(ring: ReturnType<typeof buildRing>, groupId: string): number[] {
  const index = ring.groupIds.indexOf(groupId);
  const tokens: number[] = [];
  for (let i = 0; i < ring.tokens.length; i++) if (ring.owners[i] === index) tokens.push(ring.tokens[i]);
  return tokens;
}

export async function lookupRingKey(db: Db, key: string, now: number): Promise<RingLookup> {
  const current = await currentRingEpoch(db);
  if (!current) throw new AppError("not_found", "the ring is empty: no group has joined yet");
  const found = lookupKey(buildRing(current.membership), key);
  const groups = await listReplicaGroups(db, now);
  const group = groups.items.find((g) => g.id === found.group);
  return { key, hash: found.hash, token: found.token, group: found.group, node: group?.primaryId ?? null, epoch: current.epoch };
}
