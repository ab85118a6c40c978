// Entry of Vigil's worker threads: the server runs TypeScript through tsx, whose loader is
// registered per thread, so a worker registers it before importing its TypeScript module.
import { workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
await import(workerData.entry);
