/**
 * A thousand live agents against one instance (issue #11, "nothing O(fleet) runs on the
 * event loop in one piece"): once the whole fleet is connected, over a window of steady load,
 * the server's own event-loop histogram (vigil_event_loop_lag_seconds, the lateness of a 20 ms
 * timer) must show no delay over a second, the lone instance must keep its leadership, and no
 * live node may be suspected. The simulator runs in processes of its own (more than 1,000 nodes
 * make `npm run simulate` fork), one socket per node, one heartbeat a second.
 *
 * The bound is the histogram's, read from GET /metrics at the window's edges: no wall-clock
 * sleep is timed. `npm run bench:fleet` measures the same run in figures (p99, CPU, memory).
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { fleetStatusSchema } from "../agent/simulator/fleet-control";
import { summarizeSchedule } from "../agent/simulator/schedule-monitor";
import { countAbove, histogramDelta, histogramFrom, histogramQuantile, histogramTotal, scrapeMetricsAt } from "./support/prometheus-histogram";
import { startSimulator, type SimulatorProcess } from "./support/simulator-process";
import { startVigil, waitFor, type VigilProcess } from "./support/vigil-server";

/**
 * The largest fleet that meets every "no stall" target on the 2-core CI machine with the
 * simulator beside the server (bench:fleet: lag p99 23 ms, worst 50–100 ms at 1,000; at 2,000 the
 * worst delays pass a second when the machine is busy). `npm run bench:fleet` measures larger ones.
 */
const NODES = 1_000;
/** Two simulator processes of 500 nodes: the simulator is not what is measured. */
const SIMULATOR_PROCESSES = 2;
/** Seconds on a healthy server; generous because the machine is shared and the fleet connects at once. */
const CONNECT_TIMEOUT_MS = 90_000;
const STEADY_WINDOW_MS = 35_000;
const LAG = "vigil_event_loop_lag_seconds";

let server: VigilProcess;
let simulator: SimulatorProcess;

before(async () => {
  server = await startVigil();
  simulator = await startSimulator(server.url, NODES, { args: ["--processes", String(SIMULATOR_PROCESSES)] });
});
after(async () => {
  await simulator?.stop();
  await server?.stop();
  server?.cleanup();
});

const scrape = () => scrapeMetricsAt(server.url);

async function simulatorStatus() {
  return fleetStatusSchema.parse(await (await fetch(`${simulator.controlUrl}/stats`)).json());
}

const counter = (samples: Map<string, number>, key: string) => samples.get(key) ?? 0;

test(`${NODES} live agents: no event-loop delay over 1 s, no leadership change, no live node suspected`, async (t) => {
  let seen = { agents: 0, server: 0, problem: "" };
  try {
    await waitFor(
      `all ${NODES} agents connected`,
      async () => {
        // A server busy accepting the fleet may answer a scrape late or not at all: ask again.
        const [status, samples] = await Promise.all([simulatorStatus(), scrape()]).catch((error: unknown) => {
          seen.problem = error instanceof Error ? `${error.message} ${String(error.cause ?? "")}` : String(error);
          return [null, null] as const;
        });
        if (!status || !samples) return false;
        seen = { agents: status.stats.connected, server: counter(samples, "vigil_connected_agents"), problem: "" };
        return seen.agents === NODES && seen.server === NODES;
      },
      CONNECT_TIMEOUT_MS,
      1000,
    );
  } catch {
    // What the server went through while the fleet was connecting, since its start.
    const sinceStart = await scrape().then(
      (samples) =>
        `since the server started: ${countAbove(histogramFrom(samples, LAG), 1)} event-loop delays over 1 s, ` +
        `${counter(samples, 'vigil_leadership_changes_total{change="lost"}')} leaderships lost, ` +
        `${counter(samples, 'vigil_node_state_changes_total{to="suspect"}') + counter(samples, 'vigil_node_state_changes_total{to="down"}')} nodes called suspect or down`,
      () => "GET /metrics did not answer",
    );
    assert.fail(
      `only ${seen.agents} of ${NODES} agents (${seen.server} on the server) connected within ${CONNECT_TIMEOUT_MS / 1000} s` +
        `${seen.problem ? ` (last probe: ${seen.problem})` : ""}; ${sinceStart}:\n${simulator.output().slice(-2000)}`,
    );
  }

  const [opening, simulatorOpening] = await Promise.all([scrape(), simulatorStatus()]);
  await new Promise((resolve) => setTimeout(resolve, STEADY_WINDOW_MS));
  const [closing, simulatorClosing] = await Promise.all([scrape(), simulatorStatus()]);

  const lag = histogramDelta(histogramFrom(closing, LAG), histogramFrom(opening, LAG));
  const delta = (key: string) => counter(closing, key) - counter(opening, key);
  const leadershipChanges = delta('vigil_leadership_changes_total{change="won"}') + delta('vigil_leadership_changes_total{change="lost"}');
  const suspected = delta('vigil_node_state_changes_total{to="suspect"}') + delta('vigil_node_state_changes_total{to="down"}');
  const lateness = simulatorClosing.processes.map((each) =>
    summarizeSchedule(each.schedule, simulatorOpening.processes.find((other) => other.index === each.index)?.schedule),
  );
  // Figures for whoever reads the run; only the bounds below are asserted.
  t.diagnostic(
    `window ${STEADY_WINDOW_MS / 1000} s: ${histogramTotal(lag)} lag samples, p99 ≈ ${Math.round(histogramQuantile(lag, 0.99).estimate * 1000)} ms, ` +
      `${countAbove(lag, 0.5)} over 0.5 s, ${countAbove(lag, 1)} over 1 s; heartbeats ingested ${delta("vigil_heartbeats_ingested_total")}; ` +
      `leadership changes ${leadershipChanges}; live nodes → suspect/down ${suspected}; ` +
      `simulator lateness p99 ${lateness.map((each) => `${Math.round(each.latenessP99Ms)} ms`).join(" / ")}`,
  );

  assert.ok(histogramTotal(lag) > 0, "the server sampled its event loop during the window");
  assert.equal(countAbove(lag, 1), 0, "event-loop delays over 1 s in the window (vigil_event_loop_lag_seconds, +Inf minus le=1)");
  assert.equal(leadershipChanges, 0, "leadership changes of the lone instance in the window");
  assert.equal(suspected, 0, "live nodes the detector called suspect or down in the window");
});
