import "server-only";
import type { NodeEventView } from "../protocol/views";
import type { RetentionCutoffs } from "../timeseries/resolution";
import type { NewNodeEvent } from "./events";
import type { SqliteTimeSeries, RetentionTarget, RollupRow } from "./sqlite-timeseries";
import type {
  GroupingEventRow, GroupingRunRow, HeartbeatRow, LogRow, NodeGroupRow, NodeInfoRow, NodeSnapshotRow, RollupResult, TimeSeriesStore, WriteResult,
} from "./timeseries-rows";
import { RESOLUTION_MS } from "../timeseries/resolution";
import { resolveDatabaseUrl, sqlitePath } from "./database-url";
import { sqliteWriteLock, type WriteLock } from "./sqlite-write-lock";
import { WorkerCalls } from "../threads/worker-calls";

// Callers that only need the row shapes keep importing them from here.
export type {
  GroupingEventRow, GroupingRunRow, HeartbeatRow, LogRow, NodeGroupRow, NodeInfoRow, NodeSnapshotRow, TimeSeriesStore, WriteResult,
} from "./timeseries-rows";

type SqliteThread = WorkerCalls<
  Pick<
    SqliteTimeSeries,
    "writeBatch" | "upsertNodeInfo" | "insertNodeEvents" | "saveGrouping" | "lastSeqs" | "takeOldestWritten" | "minuteRollups" | "hourRollups" | "upsertRollups" | "deleteOlderThan" | "close"
  >
>;
const SQLITE_WORKER = new URL("./sqlite-timeseries-worker.ts", import.meta.url);

/** Rows per retention delete: each one holds the file's write lock, so ingest batches get their turn in between. */
const DELETE_CHUNK = 5_000;
/** Rollup rows per upsert, for the same reason. */
const ROLLUP_CHUNK = 2_000;

/**
 * The SQLite time-series store, off the event loop: its statements run in worker threads, each
 * with its own connection to the same WAL database. At 10,000 heartbeats a second the inserts
 * alone took a fifth of the main thread, and a rollup's scan or a retention sweep held it for
 * seconds. Two workers: one writes (ingest batches, node rows, rollup upserts, retention), one
 * reads for rollups, so a long aggregation never delays a batch.
 *
 * Every write still waits for the file's write lock (lib/store/sqlite-write-lock), which a Prisma
 * transaction holds until it ends: the two connections never contend inside SQLite, and an
 * acknowledgement still means committed.
 */
export class TimeSeriesWriter implements TimeSeriesStore {
  private readonly lock: WriteLock;
  private readonly writes: SqliteThread;
  private readonly reads: SqliteThread;

  constructor(databaseUrl: string | undefined) {
    const path = sqlitePath(resolveDatabaseUrl(databaseUrl));
    this.lock = sqliteWriteLock(path);
    this.writes = new WorkerCalls(SQLITE_WORKER, { path }, "sqlite-writes");
    this.reads = new WorkerCalls(SQLITE_WORKER, { path }, "sqlite-reads");
  }

  /** Writes one batch atomically: when the promise resolves, the batch is committed. */
  async writeBatch(heartbeats: HeartbeatRow[], logs: LogRow[], snapshots: NodeSnapshotRow[] = []): Promise<WriteResult> {
    return this.lock.run(() => this.writes.call("writeBatch", heartbeats, logs, snapshots));
  }

  /** Records a node's static info from its hello; a whole fleet says hello at once after a restart. */
  async upsertNodeInfo(info: NodeInfoRow, now: number): Promise<void> {
    await this.lock.run(() => this.writes.call("upsertNodeInfo", info, now));
  }

  /** Stores node state changes (a whole fleet can change at once) and returns them with their ids. */
  async insertNodeEvents(events: NewNodeEvent[]): Promise<NodeEventView[]> {
    if (events.length === 0) return [];
    return this.lock.run(() => this.writes.call("insertNodeEvents", events));
  }

  /** Stores a grouping run, every node's latest place in it, and what changed; returns the run id. */
  async saveGrouping(run: GroupingRunRow, nodes: NodeGroupRow[], events: GroupingEventRow[]): Promise<number> {
    return this.lock.run(() => this.writes.call("saveGrouping", run, nodes, events));
  }

  /** Highest stored seqs of a node, so a reconnecting agent resumes after them. */
  async lastSeqs(nodeId: string): Promise<{ heartbeat: number; log: number }> {
    return this.writes.call("lastSeqs", nodeId);
  }

  /**
   * Recomputes the rollups of every bucket in [from, to), widened back to the oldest sample
   * written since the last rollup (a late spool replay is rolled up again): 1-minute buckets from
   * raw samples, hourly buckets from the minutes. Aggregated on the reading thread, upserted in
   * chunks on the writing one.
   */
  async rollup(from: number, to: number): Promise<RollupResult> {
    const minute = RESOLUTION_MS["1m"];
    const hour = RESOLUTION_MS["1h"];
    const oldest = await this.writes.call("takeOldestWritten");
    const start = oldest === null ? from : Math.min(from, oldest);
    const minuteFrom = Math.floor(start / minute) * minute;
    const minuteTo = Math.floor(to / minute) * minute;
    const minutes = await this.upsertInChunks(await this.reads.call("minuteRollups", minuteFrom, minuteTo));
    const hourFrom = Math.floor(minuteFrom / hour) * hour;
    const hourTo = Math.ceil(minuteTo / hour) * hour;
    const hours = await this.upsertInChunks(await this.reads.call("hourRollups", hourFrom, hourTo));
    return { minutes, hours };
  }

  /** Deletes in chunks so a large backlog never holds the write lock for long. */
  async enforceRetention(cutoffs: RetentionCutoffs): Promise<Record<string, number>> {
    const targets: [RetentionTarget, number][] = [
      ["heartbeats", cutoffs.raw],
      ["rollups1m", cutoffs.rollup1m],
      ["rollups1h", cutoffs.rollup1h],
      ["logs", cutoffs.logs],
      ["events", cutoffs.events],
      ["groupingRuns", cutoffs.groupingRuns],
      ["groupingEvents", cutoffs.events],
    ];
    const deleted: Record<string, number> = {};
    for (const [target, cutoff] of targets) {
      let total = 0;
      for (;;) {
        const changes = await this.lock.run(() => this.writes.call("deleteOlderThan", target, cutoff, DELETE_CHUNK));
        total += changes;
        if (changes < DELETE_CHUNK) break;
      }
      deleted[target] = total;
    }
    return deleted;
  }

  async close(): Promise<void> {
    await Promise.all([this.writes.close("close"), this.reads.close("close")]);
  }

  private async upsertInChunks(rows: RollupRow[]): Promise<number> {
    let total = 0;
    for (let i = 0; i < rows.length; i += ROLLUP_CHUNK) {
      const chunk = rows.slice(i, i + ROLLUP_CHUNK);
      total += await this.lock.run(() => this.writes.call("upsertRollups", chunk));
    }
    return total;
  }
}
