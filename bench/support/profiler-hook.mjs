/**
 * Preloaded into a Vigil server by bench/ingest.ts --profile (NODE_OPTIONS="--import <this file>",
 * because Node 20 refuses --cpu-prof in NODE_OPTIONS and the server is started by tests/support).
 * Starts the V8 sampling profiler at once; SIGUSR2 stops it and writes
 * <VIGIL_BENCH_PROFILE_DIR>/vigil-<pid>.cpuprofile. The bench keeps only the samples inside its
 * window (by timestamp): a signal cannot mark the window, since a stalled event loop handles it late.
 *
 * Plain JavaScript, and a no-op off the main thread: NODE_OPTIONS preloads reach Vigil's worker
 * threads too, before tsx is registered in them, and only the event loop's profile is wanted.
 */
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector";
import { join } from "node:path";
import { isMainThread } from "node:worker_threads";

const profileDir = process.env.VIGIL_BENCH_PROFILE_DIR;

if (profileDir && isMainThread) {
  const session = new Session();
  session.connect();
  session.post("Profiler.enable", () => session.post("Profiler.start"));
  process.once("SIGUSR2", () => {
    session.post("Profiler.stop", (error, result) => {
      if (error) console.error("[bench profiler] stop failed", error);
      else writeFileSync(join(profileDir, `vigil-${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    });
  });
}
