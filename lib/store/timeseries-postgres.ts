import "server-only";
import pg from "pg";
import type { NodeEventView } from "../protocol/views";
import type { RetentionCutoffs } from "../timeseries/resolution";
import type { NewNodeEvent } from "./events";
import type {
  GroupingEventRow, GroupingRunRow, HeartbeatRow, LogRow, NodeGroupRow, NodeInfoRow, NodeSnapshotRow, RollupResult, TimeSeriesStore, WriteResult,
} from "./timeseries-rows";
import { RESOLUTION_MS } from "../timeseries/resolution";
import { postgresConnection } from "./database-url";
import { HEARTBEAT_COLUMNS, LOG_COLUMNS, METRICS, NODE_INFO_COLUMNS, ROLLUP_COLUMNS, SNAPSHOT_COLUMNS } from "./timeseries-rows";

/** Ingest, the control loop and grouping each hold at most one connection at a time; the rest is headroom for hellos. */
const POOL_SIZE = 6;
/** Smaller than SQLite's: a PostgreSQL DELETE holds its row locks and WAL until it commits. */
const DELETE_CHUNK = 10_000;

type PgType = "text" | "bigint" | "int" | "float8" | "bool";
type Column<Row> = { name: string; type: PgType; value: (row: Row) => unknown };

/** The rows carry SQLite's 0/1 for flags; PostgreSQL's columns are real booleans. */
const bool = (value: number | null): boolean | null => (value === null ? null : value !== 0);

const HEARTBEAT_TYPES: Record<(typeof HEARTBEAT_COLUMNS)[number], PgType> = {
  nodeId: "text", seq: "bigint", ts: "bigint", receivedAt: "bigint", cpu: "float8", mem: "float8", disk: "float8", netIn: "float8",
  netOut: "float8", load1: "float8", latencyMs: "float8", errorRate: "float8", custom: "text", repRole: "text", repOffset: "bigint",
  repLagMs: "float8", repLinkUp: "bool", repFollowing: "text",
};
const LOG_TYPES: Record<(typeof LOG_COLUMNS)[number], PgType> = {
  nodeId: "text", seq: "bigint", ts: "bigint", receivedAt: "bigint", level: "text", message: "text", fields: "text",
};
const SNAPSHOT_TYPES: Record<(typeof SNAPSHOT_COLUMNS)[number], PgType> = {
  state: "text", stateReason: "text", stateSince: "bigint", phi: "float8", connected: "bool", lastHeartbeatAt: "bigint", lastSeq: "bigint",
  lastLogSeq: "bigint", cpu: "float8", mem: "float8", disk: "float8", netIn: "float8", netOut: "float8", load1: "float8", latencyMs: "float8",
  errorRate: "float8", custom: "text", repRole: "text", repOffset: "bigint", repLagMs: "float8", repLinkUp: "bool", repFollowing: "text",
  placementEpoch: "int",
};
const NODE_INFO_TYPES: Record<(typeof NODE_INFO_COLUMNS)[number], PgType> = {
  id: "text", hostname: "text", address: "text", zone: "text", labels: "text", weight: "float8", group: "text", role: "text", agentVersion: "text",
};

function columnsOf<Row, Name extends string & keyof Row>(types: Record<Name, PgType>, order: readonly Name[]): Column<Row>[] {
  return order.map((name) => {
    const type = types[name];
    return { name, type, value: type === "bool" ? (row: Row) => bool(row[name] as number | null) : (row: Row) => row[name] };
  });
}

const heartbeatColumns = columnsOf<HeartbeatRow, (typeof HEARTBEAT_COLUMNS)[number]>(HEARTBEAT_TYPES, HEARTBEAT_COLUMNS);
const logColumns = columnsOf<LogRow, (typeof LOG_COLUMNS)[number]>(LOG_TYPES, LOG_COLUMNS);
const snapshotColumns = columnsOf<NodeSnapshotRow, "id" | (typeof SNAPSHOT_COLUMNS)[number]>(
  { id: "text", ...SNAPSHOT_TYPES },
  ["id", ...SNAPSHOT_COLUMNS],
);
const nodeInfoColumns = columnsOf<NodeInfoRow, (typeof NODE_INFO_COLUMNS)[number]>(NODE_INFO_TYPES, NODE_INFO_COLUMNS);
const eventColumns: Column<NewNodeEvent>[] = [
  { name: "nodeId", type: "text", value: (e) => e.nodeId },
  { name: "at", type: "bigint", value: (e) => e.at },
  { name: "from", type: "text", value: (e) => e.from },
  { name: "to", type: "text", value: (e) => e.to },
  { name: "reason", type: "text", value: (e) => e.reason },
  { name: "phi", type: "float8", value: (e) => e.phi },
];
const nodeGroupColumns: Column<NodeGroupRow>[] = [
  { name: "nodeId", type: "text", value: (n) => n.nodeId },
  { name: "groupId", type: "int", value: (n) => n.groupId },
  { name: "distance", type: "float8", value: (n) => n.distance },
  { name: "outlier", type: "bool", value: (n) => bool(n.outlier) },
  { name: "outlierMetrics", type: "text", value: (n) => n.outlierMetrics },
  { name: "features", type: "text", value: (n) => n.features },
];
const groupingEventColumns: Column<GroupingEventRow>[] = [
  { name: "at", type: "bigint", value: (e) => e.at },
  { name: "nodeId", type: "text", value: (e) => e.nodeId },
  { name: "kind", type: "text", value: (e) => e.kind },
  { name: "fromGroup", type: "int", value: (e) => e.fromGroup },
  { name: "toGroup", type: "int", value: (e) => e.toGroup },
  { name: "detail", type: "text", value: (e) => e.detail },
];

const quote = (name: string) => `"${name}"`;

/**
 * `unnest($1::text[], $2::bigint[], ...) AS v(...)`: a whole batch as one statement with one
 * parameter per column, so there is no 65,535-parameter ceiling and the SQL text (and so the
 * server's plan cache) does not depend on the batch size. `firstParam` numbers the arrays.
 */
function unnestOf<Row>(columns: Column<Row>[], alias: string, firstParam = 1): string {
  const arrays = columns.map((c, i) => `$${firstParam + i}::${c.type}[]`).join(", ");
  return `unnest(${arrays}) AS ${alias}(${columns.map((c) => quote(c.name)).join(", ")})`;
}

function arraysOf<Row>(columns: Column<Row>[], rows: readonly Row[]): unknown[][] {
  const arrays = columns.map(() => new Array<unknown>(rows.length));
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    for (let c = 0; c < columns.length; c++) arrays[c][r] = columns[c].value(row);
  }
  return arrays;
}

/** pg returns BIGINT (and COUNT) as strings so no precision is lost; every value Vigil stores fits a double. */
const toNumber = (value: unknown): number => (value === null || value === undefined ? 0 : Number(value));

/**
 * The hot write path on PostgreSQL: each batch is one statement per table over unnest()ed
 * column arrays, inside one transaction, so a batch costs a handful of round trips however many
 * rows it holds. Tables are qualified with the URL's `?schema=` (Prisma's convention), so the
 * writes land where Prisma reads whatever a connection's search_path is.
 */
/** How far back a rollup recomputes, so samples replayed late by agents' spools are counted. */
const LATE_SAMPLE_LOOKBACK_MS = 10 * 60_000;

export class PostgresTimeSeriesStore implements TimeSeriesStore {
  private readonly sql: {
    insertHeartbeats: string;
    insertLogs: string;
    updateSnapshots: string;
    upsertNode: string;
    insertEvents: string;
    lastSeqs: string;
    insertRun: string;
    upsertNodeGroups: string;
    dropStaleNodeGroups: string;
    insertGroupingEvents: string;
    rollupMinutes: string;
    rollupHours: string;
  };

  private constructor(
    private readonly pool: pg.Pool,
    private readonly schema: string,
  ) {
    const t = (table: string) => `${quote(schema)}.${quote(table)}`;
    const names = <Row>(columns: Column<Row>[]) => columns.map((c) => quote(c.name)).join(", ");
    const minute = RESOLUTION_MS["1m"];
    const hour = RESOLUTION_MS["1h"];
    const rollupList = ROLLUP_COLUMNS.map(quote).join(", ");
    const rollupUpdate = ROLLUP_COLUMNS.slice(3).map((c) => `${quote(c)} = excluded.${quote(c)}`).join(", ");
    const aggregates = METRICS.map((m) => `MIN("${m}"), AVG("${m}"), MAX("${m}")`).join(", ");
    // Same weighting as SQLite: an hour's average is the count-weighted mean of its minutes' averages.
    const weighted = METRICS.map(
      (m) => `MIN("${m}Min"), SUM("${m}Avg" * "count") / NULLIF(SUM(CASE WHEN "${m}Avg" IS NULL THEN 0 ELSE "count" END), 0), MAX("${m}Max")`,
    ).join(", ");
    this.sql = {
      insertHeartbeats: `INSERT INTO ${t("Heartbeat")} (${names(heartbeatColumns)}) SELECT * FROM ${unnestOf(heartbeatColumns, "v")} ON CONFLICT DO NOTHING`,
      insertLogs: `INSERT INTO ${t("LogEntry")} (${names(logColumns)}) SELECT * FROM ${unnestOf(logColumns, "v")} ON CONFLICT DO NOTHING`,
      updateSnapshots: `UPDATE ${t("Node")} AS n SET ${SNAPSHOT_COLUMNS.map((c) => `${quote(c)} = v.${quote(c)}`).join(", ")}
        FROM ${unnestOf(snapshotColumns, "v")} WHERE n."id" = v."id"`,
      upsertNode: `INSERT INTO ${t("Node")} (${names(nodeInfoColumns)}, "stateSince", "firstSeenAt")
        VALUES (${nodeInfoColumns.map((c, i) => `$${i + 1}::${c.type}`).join(", ")}, $${nodeInfoColumns.length + 1}, $${nodeInfoColumns.length + 1})
        ON CONFLICT ("id") DO UPDATE SET ${NODE_INFO_COLUMNS.filter((c) => c !== "id").map((c) => `${quote(c)} = excluded.${quote(c)}`).join(", ")}`,
      // Sorted by the input's ordinality so the ids are drawn in input order and can be matched back.
      insertEvents: `INSERT INTO ${t("NodeEvent")} (${names(eventColumns)})
        SELECT ${names(eventColumns)} FROM unnest(${eventColumns.map((c, i) => `$${i + 1}::${c.type}[]`).join(", ")})
          WITH ORDINALITY AS v(${names(eventColumns)}, "ord") ORDER BY "ord"
        RETURNING "id"`,
      lastSeqs: `SELECT (SELECT MAX("seq") FROM ${t("Heartbeat")} WHERE "nodeId" = $1) AS heartbeat,
        (SELECT MAX("seq") FROM ${t("LogEntry")} WHERE "nodeId" = $1) AS log`,
      insertRun: `INSERT INTO ${t("GroupingRun")} ("at", "k", "silhouette", "inertia", "nodes", "settings", "groups", "state")
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING "id"`,
      upsertNodeGroups: `INSERT INTO ${t("NodeGroup")} ("runId", ${names(nodeGroupColumns)})
        SELECT $1::int, * FROM ${unnestOf(nodeGroupColumns, "v", 2)}
        ON CONFLICT ("nodeId") DO UPDATE SET "runId" = excluded."runId", "groupId" = excluded."groupId", "distance" = excluded."distance",
          "outlier" = excluded."outlier", "outlierMetrics" = excluded."outlierMetrics", "features" = excluded."features"`,
      dropStaleNodeGroups: `DELETE FROM ${t("NodeGroup")} WHERE "runId" <> $1`,
      insertGroupingEvents: `INSERT INTO ${t("GroupingEvent")} ("runId", ${names(groupingEventColumns)})
        SELECT $1::int, * FROM ${unnestOf(groupingEventColumns, "v", 2)}`,
      rollupMinutes: `INSERT INTO ${t("MetricRollup")} (${rollupList})
        SELECT "nodeId", ${minute}, ("ts" / ${minute}) * ${minute}, COUNT(*), ${aggregates}
        FROM ${t("Heartbeat")} WHERE "ts" >= $1 AND "ts" < $2 GROUP BY "nodeId", "ts" / ${minute}
        ON CONFLICT ("nodeId", "resolution", "bucket") DO UPDATE SET ${rollupUpdate}`,
      rollupHours: `INSERT INTO ${t("MetricRollup")} (${rollupList})
        SELECT "nodeId", ${hour}, ("bucket" / ${hour}) * ${hour}, SUM("count"), ${weighted}
        FROM ${t("MetricRollup")} WHERE "resolution" = ${minute} AND "bucket" >= $1 AND "bucket" < $2 GROUP BY "nodeId", "bucket" / ${hour}
        ON CONFLICT ("nodeId", "resolution", "bucket") DO UPDATE SET ${rollupUpdate}`,
    };
  }

  /** Connects once up front, so a wrong URL or an unreachable server fails at startup, not at the first batch. */
  static async open(url: string, options: { poolSize?: number } = {}): Promise<PostgresTimeSeriesStore> {
    const { connectionString, schema } = postgresConnection(url);
    const pool = new pg.Pool({ connectionString, max: options.poolSize ?? POOL_SIZE });
    // An idle client losing its connection (server restart) must not crash the process; the pool replaces it.
    pool.on("error", (error) => console.error("[timeseries] idle PostgreSQL connection failed", error));
    try {
      await pool.query("SELECT 1");
    } catch (error) {
      await pool.end();
      throw error;
    }
    return new PostgresTimeSeriesStore(pool, schema);
  }

  async writeBatch(heartbeats: HeartbeatRow[], logs: LogRow[], snapshots: NodeSnapshotRow[] = []): Promise<WriteResult> {
    const statements: [string, unknown[]][] = [];
    if (heartbeats.length) statements.push([this.sql.insertHeartbeats, arraysOf(heartbeatColumns, heartbeats)]);
    if (logs.length) statements.push([this.sql.insertLogs, arraysOf(logColumns, logs)]);
    if (snapshots.length) {
      // A fixed lock order: two instances updating overlapping nodes wait for each other instead of deadlocking.
      const sorted = [...snapshots].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      statements.push([this.sql.updateSnapshots, arraysOf(snapshotColumns, sorted)]);
    }
    if (statements.length === 0) return { heartbeatsInserted: 0, logsInserted: 0 };
    const counts = statements.length === 1
      ? [(await this.pool.query(statements[0][0], statements[0][1])).rowCount ?? 0]
      : await this.transaction(async (client) => {
        const results: number[] = [];
        for (const [text, values] of statements) results.push((await client.query(text, values)).rowCount ?? 0);
        return results;
      });
    return {
      heartbeatsInserted: heartbeats.length ? counts[0] : 0,
      logsInserted: logs.length ? counts[heartbeats.length ? 1 : 0] : 0,
    };
  }

  async upsertNodeInfo(info: NodeInfoRow, now: number): Promise<void> {
    await this.pool.query(this.sql.upsertNode, [...nodeInfoColumns.map((c) => c.value(info)), now]);
  }

  async insertNodeEvents(events: NewNodeEvent[]): Promise<NodeEventView[]> {
    if (events.length === 0) return [];
    const result = await this.pool.query<{ id: number }>(this.sql.insertEvents, arraysOf(eventColumns, events));
    const ids = result.rows.map((r) => r.id).sort((a, b) => a - b);
    return events.map((event, i) => ({ ...event, id: ids[i] }));
  }

  async saveGrouping(run: GroupingRunRow, nodes: NodeGroupRow[], events: GroupingEventRow[]): Promise<number> {
    return this.transaction(async (client) => {
      const inserted = await client.query<{ id: number }>(this.sql.insertRun, [
        run.at, run.k, run.silhouette, run.inertia, run.nodes, run.settings, run.groups, run.state,
      ]);
      const runId = inserted.rows[0].id;
      if (nodes.length) await client.query(this.sql.upsertNodeGroups, [runId, ...arraysOf(nodeGroupColumns, nodes)]);
      await client.query(this.sql.dropStaleNodeGroups, [runId]);
      if (events.length) await client.query(this.sql.insertGroupingEvents, [runId, ...arraysOf(groupingEventColumns, events)]);
      return runId;
    });
  }

  async lastSeqs(nodeId: string): Promise<{ heartbeat: number; log: number }> {
    const result = await this.pool.query<{ heartbeat: string | null; log: string | null }>(this.sql.lastSeqs, [nodeId]);
    const row = result.rows[0];
    return { heartbeat: toNumber(row.heartbeat), log: toNumber(row.log) };
  }

  /**
   * Same buckets and SQL as the SQLite writer: 1-minute buckets from raw samples, hours from the
   * minutes. Every instance writes here, and only the leader rolls up, so it cannot know which
   * late samples the others stored: each run recomputes the last ten minutes as well (in the
   * database server, not on Vigil's event loop).
   */
  async rollup(from: number, to: number): Promise<RollupResult> {
    const minute = RESOLUTION_MS["1m"];
    const hour = RESOLUTION_MS["1h"];
    const minuteFrom = Math.floor(Math.min(from, to - LATE_SAMPLE_LOOKBACK_MS) / minute) * minute;
    const minuteTo = Math.floor(to / minute) * minute;
    const hourFrom = Math.floor(minuteFrom / hour) * hour;
    const hourTo = Math.ceil(minuteTo / hour) * hour;
    return this.transaction(async (client) => {
      const minutes = (await client.query(this.sql.rollupMinutes, [minuteFrom, minuteTo])).rowCount ?? 0;
      const hours = (await client.query(this.sql.rollupHours, [hourFrom, hourTo])).rowCount ?? 0;
      return { minutes, hours };
    });
  }

  /**
   * Deletes in chunks, each its own transaction, so a large backlog never holds locks or a huge
   * transaction for long. PostgreSQL has no rowid: a chunk is picked by ctid, which the
   * `= ANY(ARRAY(...))` form turns into a TID scan.
   */
  async enforceRetention(cutoffs: RetentionCutoffs): Promise<Record<string, number>> {
    const targets: [string, string, string, number][] = [
      ["heartbeats", "Heartbeat", `"ts" < $1`, cutoffs.raw],
      ["rollups1m", "MetricRollup", `"resolution" = ${RESOLUTION_MS["1m"]} AND "bucket" < $1`, cutoffs.rollup1m],
      ["rollups1h", "MetricRollup", `"resolution" = ${RESOLUTION_MS["1h"]} AND "bucket" < $1`, cutoffs.rollup1h],
      ["logs", "LogEntry", `"ts" < $1`, cutoffs.logs],
      ["events", "NodeEvent", `"at" < $1`, cutoffs.events],
      ["groupingRuns", "GroupingRun", `"at" < $1`, cutoffs.groupingRuns],
      ["groupingEvents", "GroupingEvent", `"at" < $1`, cutoffs.events],
    ];
    const deleted: Record<string, number> = {};
    for (const [name, table, where, cutoff] of targets) {
      const qualified = `${quote(this.schema)}.${quote(table)}`;
      const text = `DELETE FROM ${qualified} WHERE ctid = ANY(ARRAY(SELECT ctid FROM ${qualified} WHERE ${where} LIMIT ${DELETE_CHUNK}))`;
      let total = 0;
      for (;;) {
        const changes = (await this.pool.query(text, [cutoff])).rowCount ?? 0;
        total += changes;
        if (changes < DELETE_CHUNK) break;
      }
      deleted[name] = total;
    }
    return deleted;
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  private async transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query("BEGIN");
      const result = await work(client);
      await client.query("COMMIT");
      client.release();
      return result;
    } catch (error) {
      // A connection whose ROLLBACK fails is broken: destroy it rather than return it to the pool.
      const rollback = await client.query("ROLLBACK").then(() => undefined, (rollbackError: Error) => rollbackError);
      client.release(rollback);
      throw error;
    }
  }
}
