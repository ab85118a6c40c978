import "server-only";
import { randomUUID } from "node:crypto";
import type { ClusterView } from "../protocol/api/cluster";
import type { Db } from "./prisma";
import { currentLease, LEADER_LEASE } from "./lease";

export type InstanceReport = {
  id: string;
  startedAt: number;
  version: string;
  connectedAgents: number;
  loopLagMs: number;
  heartbeatsPerSec: number;
  rssBytes: number;
};

/** An instance not seen for this long is shown as gone; after PRUNE_AFTER_MS it is forgotten. */
export const INSTANCE_ALIVE_MS = 15_000;
const PRUNE_AFTER_MS = 60 * 60_000;

export async function reportInstance(db: Db, report: InstanceReport, now: number): Promise<void> {
  const data = { ...report, startedAt: BigInt(report.startedAt), rssBytes: BigInt(Math.round(report.rssBytes)), lastSeenAt: BigInt(now) };
  await db.instance.upsert({ where: { id: report.id }, create: data, update: data });
  await db.instance.deleteMany({ where: { lastSeenAt: { lt: BigInt(now - PRUNE_AFTER_MS) } } });
}

export async function forgetInstance(db: Db, id: string): Promise<void> {
  await db.instance.deleteMany({ where: { id } });
}


/** `GET /api/v1/cluster`: every instance sharing this database, and which one leads since when. */
export async function clusterView(db: Db, self: string, now: number): Promise<ClusterView> {
  const [rows, lease] = await Promise.all([db.instance.findMany({ orderBy: { id: "asc" } }), currentLease(db, LEADER_LEASE)]);
  const leader = lease && lease.expiresAt > now ? { id: lease.holder, since: lease.acquiredAt, fence: lease.fence, expiresAt: lease.expiresAt } : null;
  return {
    self,
    leader,
    instances: rows.map((row) => ({
      id: row.id,
      connectedAgents: row.connectedAgents,
      startedAt: Number(row.startedAt),
      lastSeenAt: Number(row.lastSeenAt),
      version: row.version,
      loopLagMs: row.loopLagMs,
      heartbeatsPerSec: row.heartbeatsPerSec,
      rssBytes: Number(row.rssBytes),
      alive: now - Number(row.lastSeenAt) < INSTANCE_ALIVE_MS,
      leader: leader?.id === row.id,
    })),
  };
}

const CLUSTER_KEY = "cluster.key";

/**
 * A random name shared by every instance of this database, so the Socket.IO adapter's Redis
 * channels of two Vigil clusters on one Redis never mix. The first instance creates it.
 */
export async function clusterKey(db: Db): Promise<string> {
  const candidate = randomUUID();
  try {
    await db.jobState.create({ data: { key: CLUSTER_KEY, value: candidate } });
  } catch {
    // Already there (another instance made it first): use theirs.
  }
  const row = await db.jobState.findUnique({ where: { key: CLUSTER_KEY } });
  return row?.value ?? candidate;
}
