import "server-only";
import type { FleetLoadPoint, MetricPoint, MetricSeries, MetricValues } from "../protocol/views";
import type { MetricsQuery } from "../protocol/api/nodes";
import type { Db } from "./prisma";
import { AppError } from "../errors";
import { METRIC_NAMES } from "../protocol/views";
import { RANGES, RESOLUTION_MS, resolutionForSpan } from "../timeseries/resolution";
import { rollupPoints } from "../timeseries/rollup";

const MAX_RAW_POINTS = 10_000;

type RawRow = { ts: bigint } & Record<(typeof METRIC_NAMES)[number], number | null>;

function rawPoint(row: RawRow): MetricPoint {
  return {
    ts: Number(row.ts),
    cpu: row.cpu,
    mem: row.mem,
    disk: row.disk,
    netIn: row.netIn,
    netOut: row.netOut,
    load1: row.load1,
    latencyMs: row.latencyMs,
    errorRate: row.errorRate,
  };
}

const rawSelect = Object.fromEntries([["ts", true], ...METRIC_NAMES.map((m) => [m, true])]) as Record<string, true>;

async function rawPoints(db: Db, nodeId: string, from: number, to: number): Promise<MetricPoint[]> {
  const rows = (await db.heartbeat.findMany({
    where: { nodeId, ts: { gte: BigInt(from), lte: BigInt(to) } },
    orderBy: { ts: "asc" },
    select: rawSelect,
    take: MAX_RAW_POINTS,
  })) as unknown as RawRow[];
  return rows.map(rawPoint);
}

/**
 * A node's metrics over a range at the resolution the range calls for. Rollups lag the present
 * by up to a minute, so the newest buckets are completed from raw samples.
 */
export async function nodeMetrics(db: Db, nodeId: string, query: MetricsQuery, now: number): Promise<MetricSeries> {
  const to = query.to ?? now;
  const from = query.from ?? to - RANGES[query.range ?? "1h"];
  if (from >= to) throw new AppError("bad_request", "from must be before to");
  const resolution = resolutionForSpan(to - from);
  if (resolution === "raw") return { nodeId, resolution, from, to, points: await rawPoints(db, nodeId, from, to) };

  const resolutionMs = RESOLUTION_MS[resolution];
  const rows = await db.metricRollup.findMany({
    where: { nodeId, resolution: resolutionMs, bucket: { gte: BigInt(from), lte: BigInt(to) } },
    orderBy: { bucket: "asc" },
  });
  const points: MetricPoint[] = rows.map((row) => {
    const pick = (suffix: "Min" | "Avg" | "Max"): MetricValues => {
      const values = {} as MetricValues;
      for (const m of METRIC_NAMES) values[m] = (row as unknown as Record<string, number | null>)[`${m}${suffix}`];
      return values;
    };
    return { ts: Number(row.bucket), ...pick("Avg"), min: pick("Min"), max: pick("Max") };
  });
  const lastBucket = points.length ? points[points.length - 1].ts + resolutionMs : from;
  const tailFrom = Math.max(from, lastBucket, to - 2 * RESOLUTION_MS["1h"]);
  const tail = rollupPoints(await rawPoints(db, nodeId, tailFrom, to), resolutionMs);
  return { nodeId, resolution, from, to, points: [...points, ...tail.filter((p) => p.ts >= lastBucket)] };
}

/**
 * Fleet mean load per minute over the last hour, for the overview chart: closed minutes from the
 * 1-minute rollups (cheap at any fleet size), the minutes not rolled up yet from raw samples.
 * The SQL runs unchanged on SQLite and PostgreSQL (lib/store/postgres.test.ts): quoted
 * identifiers, `"ts" / minute` is integer division of integer columns on both, and counts and
 * buckets come back as bigint on PostgreSQL, hence Number().
 */
export async function fleetLoad(db: Db, now: number): Promise<FleetLoadPoint[]> {
  const minute = RESOLUTION_MS["1m"];
  const from = Math.floor((now - 3_600_000) / minute) * minute;
  type Row = { bucket: bigint | number; cpu: number; mem: number; disk: number; load1: number; nodes: bigint | number };
  const rolled = await db.$queryRawUnsafe<Row[]>(
    `SELECT "bucket" AS bucket, SUM("cpuAvg" * "count") / SUM("count") AS cpu, SUM("memAvg" * "count") / SUM("count") AS mem,
            SUM("diskAvg" * "count") / SUM("count") AS disk, SUM("load1Avg" * "count") / SUM("count") AS load1, COUNT(*) AS nodes
     FROM "MetricRollup" WHERE "resolution" = ${minute} AND "bucket" >= ${from} GROUP BY "bucket" ORDER BY "bucket"`,
  );
  const rawFrom = rolled.length ? Number(rolled[rolled.length - 1].bucket) + minute : from;
  const recent = await db.$queryRawUnsafe<Row[]>(
    `SELECT ("ts" / ${minute}) * ${minute} AS bucket, AVG("cpu") AS cpu, AVG("mem") AS mem, AVG("disk") AS disk, AVG("load1") AS load1,
            COUNT(DISTINCT "nodeId") AS nodes
     FROM "Heartbeat" WHERE "ts" >= ${rawFrom} GROUP BY "ts" / ${minute} ORDER BY bucket`,
  );
  return [...rolled, ...recent].map((r) => ({ ts: Number(r.bucket), cpu: r.cpu, mem: r.mem, disk: r.disk, load1: r.load1, nodes: Number(r.nodes) }));
}
