import "server-only";
import type { TimeSeriesStore } from "./timeseries-rows";
import { databaseKind, resolveDatabaseUrl } from "./database-url";

// The row shapes and the interface live in timeseries-rows, which both implementations import:
// this file only chooses one, so nothing imports back into it.
export type {
  GroupingEventRow, GroupingRunRow, HeartbeatRow, LogRow, NodeGroupRow, NodeInfoRow, NodeSnapshotRow, RollupResult, TimeSeriesStore, WriteResult,
} from "./timeseries-rows";

/** Opens the store for DATABASE_URL; the PostgreSQL driver is loaded only when it is used. */
export async function openTimeSeriesStore(databaseUrl: string | undefined): Promise<TimeSeriesStore> {
  const url = resolveDatabaseUrl(databaseUrl);
  if (databaseKind(url) === "postgresql") {
    const { PostgresTimeSeriesStore } = await import("./timeseries-postgres");
    return PostgresTimeSeriesStore.open(url);
  }
  const { TimeSeriesWriter } = await import("./timeseries-writer");
  return new TimeSeriesWriter(url);
}
