/**
 * Preloaded into a Vigil server by bench/ingest.ts --profile (NODE_OPTIONS="--import tsx --import
 * <this file>", because Node 20 refuses --cpu-prof in NODE_OPTIONS and the server is started by
 * tests/support). Starts the V8 sampling profiler at once; SIGUSR2 stops it and writes
 * <VIGIL_BENCH_PROFILE_DIR>/vigil-<pid>.cpuprofile. The bench keeps only the samples inside its
 * window (by timestamp): a signal cannot mark the window, since a stalled event loop handles it late.
 */
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector";
import { join } from "node:path";

const profileDir = process.env.VIGIL_BENCH_PROFILE_DIR;

if (profileDir) {
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
