import { workerData } from "node:worker_threads";
import { serveCalls } from "../threads/serve-calls";
import { SqliteTimeSeries } from "./sqlite-timeseries";

/** One SQLite connection in its own thread, serving the statements of lib/store/sqlite-timeseries. */
const store = new SqliteTimeSeries((workerData as { path: string }).path);
serveCalls({
  writeBatch: (...args: Parameters<SqliteTimeSeries["writeBatch"]>) => store.writeBatch(...args),
  upsertNodeInfo: (...args: Parameters<SqliteTimeSeries["upsertNodeInfo"]>) => store.upsertNodeInfo(...args),
  insertNodeEvents: (...args: Parameters<SqliteTimeSeries["insertNodeEvents"]>) => store.insertNodeEvents(...args),
  saveGrouping: (...args: Parameters<SqliteTimeSeries["saveGrouping"]>) => store.saveGrouping(...args),
  lastSeqs: (...args: Parameters<SqliteTimeSeries["lastSeqs"]>) => store.lastSeqs(...args),
  takeOldestWritten: () => store.takeOldestWritten(),
  minuteRollups: (...args: Parameters<SqliteTimeSeries["minuteRollups"]>) => store.minuteRollups(...args),
  hourRollups: (...args: Parameters<SqliteTimeSeries["hourRollups"]>) => store.hourRollups(...args),
  upsertRollups: (...args: Parameters<SqliteTimeSeries["upsertRollups"]>) => store.upsertRollups(...args),
  deleteOlderThan: (...args: Parameters<SqliteTimeSeries["deleteOlderThan"]>) => store.deleteOlderThan(...args),
  close: () => store.close(),
});
