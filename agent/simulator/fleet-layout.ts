import type { ReplicaRole } from "../../lib/protocol/common";
import type { Random } from "./seeded-random";

export type LoadShape = "steady" | "diurnal" | "bursty" | "hot";

export type SimulatedNodeSpec = {
  id: string;
  zone: string;
  group: string;
  role: ReplicaRole;
  /** The group's primary, for replicas. */
  following?: string;
  /** Position in the group: replicas further down lag a little more. */
  rank: number;
  labels: Record<string, string>;
  shape: LoadShape;
  cores: number;
  memBase: number;
  diskBase: number;
  /** Bytes/s of network at full load. */
  netScale: number;
  /** How chatty its logs are next to the fleet's average (mean 1 over the fleet). */
  logWeight: number;
  /** Spreads the diurnal peaks and heartbeat phases over the fleet. */
  phase: number;
};

export type FleetLayoutOptions = { nodes: number; zones: number; prefix: string; random: Random };

export const GROUP_SIZE = 3;
const ZONE_LETTERS = "abcdefghijklmnopqrstuvwxyz";

export function zoneName(index: number): string {
  return `zone-${ZONE_LETTERS[index % ZONE_LETTERS.length]}`;
}

/**
 * Nodes go round-robin over zones and in groups of three, so each replica group spans the
 * zones like a real deployment would (losing one zone never loses a whole group).
 */
export function buildFleetLayout({ nodes, zones, prefix, random }: FleetLayoutOptions): SimulatedNodeSpec[] {
  const width = Math.max(3, String(nodes).length);
  const groupWidth = Math.max(2, String(Math.ceil(nodes / GROUP_SIZE)).length);
  const hotCount = nodes >= 10 ? Math.max(1, Math.round(nodes * 0.06)) : 0;
  const hot = new Set<number>();
  while (hot.size < hotCount) hot.add(random.int(0, nodes - 1));

  const specs: SimulatedNodeSpec[] = [];
  for (let index = 0; index < nodes; index++) {
    const zoneIndex = index % zones;
    const letter = ZONE_LETTERS[zoneIndex % ZONE_LETTERS.length];
    const rank = index % GROUP_SIZE;
    const groupStart = index - rank;
    const primaryZone = ZONE_LETTERS[(groupStart % zones) % ZONE_LETTERS.length];
    const primaryId = nodeId(prefix, primaryZone, groupStart, width);
    specs.push({
      id: nodeId(prefix, letter, index, width),
      zone: zoneName(zoneIndex),
      group: `shard-${String(Math.floor(index / GROUP_SIZE) + 1).padStart(groupWidth, "0")}`,
      role: rank === 0 ? "primary" : "replica",
      following: rank === 0 ? undefined : primaryId,
      rank,
      labels: { rack: `${letter}${random.int(1, 4)}`, simulated: "true" },
      shape: hot.has(index) ? "hot" : pickShape(random),
      cores: random.pick([4, 8, 8, 16, 32]),
      memBase: random.between(0.25, 0.6),
      diskBase: random.between(0.15, 0.7),
      netScale: random.between(20, 120) * 1024 * 1024,
      logWeight: random.between(0.4, 1.6),
      phase: random.next(),
    });
  }
  return specs;
}

function nodeId(prefix: string, zoneLetter: string, index: number, width: number): string {
  return `${prefix}-${zoneLetter}-${String(index + 1).padStart(width, "0")}`;
}

function pickShape(random: Random): LoadShape {
  const roll = random.next();
  if (roll < 0.45) return "steady";
  if (roll < 0.8) return "diurnal";
  return "bursty";
}
