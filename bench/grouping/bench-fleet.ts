import { METRIC_NAMES } from "../../lib/protocol/views";
import type { NodeLoad } from "../../lib/grouping/features";
import { METRIC_RANGE, PROFILES, syntheticFleet } from "../../lib/grouping/fixtures/synthetic-fleet";
import { seededRandom } from "../../lib/grouping/seeded-random";

/**
 * A realistic seeded fleet: six load profiles in unequal shares, 1% of nodes with uniformly
 * random load (noise), 0.2% normal nodes with one metric ten times too high (outliers), and
 * latencyMs missing on 10% of nodes (no probe configured). Labels: profile index; noise and
 * outliers carry label -1 and are left out of the agreement score.
 */
export const TRUE_K = 6;
const SHARES: [keyof typeof PROFILES, number][] = [
  ["normal", 0.5],
  ["idle", 0.2],
  ["cpuHot", 0.12],
  ["netHeavy", 0.08],
  ["slow", 0.05],
  ["memHeavy", 0.038],
];

export function benchFleet(n: number, seed: number): { nodes: NodeLoad[]; labels: number[] } {
  const random = seededRandom(seed);
  const { nodes, labels } = syntheticFleet(
    SHARES.map(([name, share]) => ({ profile: PROFILES[name], size: Math.round(share * n) })),
    seed,
  );
  for (let i = 0; i < Math.round(0.01 * n); i++) {
    const means: NodeLoad["means"] = {};
    for (const metric of METRIC_NAMES) means[metric] = METRIC_RANGE[metric][0] + random() * (METRIC_RANGE[metric][1] - METRIC_RANGE[metric][0]);
    nodes.push({ nodeId: `noise${i}`, means, samples: 60 });
    labels.push(-1);
  }
  for (let i = 0; i < Math.round(0.002 * n); i++) {
    const metric = METRIC_NAMES[i % METRIC_NAMES.length];
    nodes.push({ nodeId: `odd${i}`, means: { ...PROFILES.normal, [metric]: PROFILES.normal[metric] * 10 + 1 }, samples: 60 });
    labels.push(-1);
  }
  for (const node of nodes) if (random() < 0.1) node.means = { ...node.means, latencyMs: null };
  return { nodes: nodes.slice(0, n), labels: labels.slice(0, n) };
}
