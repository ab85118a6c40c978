import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** The parts of a V8 .cpuprofile (as written by `node --cpu-prof`) that a summary needs. */
type CpuProfileNode = {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
};
type CpuProfile = { nodes: CpuProfileNode[]; startTime: number; endTime: number; samples: number[]; timeDeltas: number[] };

export type SelfTimeEntry = { name: string; where: string; selfMs: number; percent: number; calledFrom?: string };
export type ProfileSummary = {
  file: string;
  totalMs: number;
  /** Time under node:inspector calls (starting and stopping the profiler itself), left out of the figures. */
  profilerOverheadMs: number;
  topFunctions: SelfTimeEntry[];
  byArea: SelfTimeEntry[];
};

/** Groups a script URL into the area of the stack it belongs to. */
function areaOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith("(") ? functionName : "(native)";
  const packageMatch = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (packageMatch) return packageMatch[1];
  if (url.startsWith("node:")) return "node internals";
  const repoMatch = /\/(lib\/[^/]+|server\.ts|agent|app)/.exec(url);
  if (repoMatch) return `vigil ${repoMatch[1]}`;
  return url;
}

function shortWhere(url: string, lineNumber: number): string {
  if (!url) return "";
  const trimmed = url.replace(/^file:\/\//, "").replace(/^.*node_modules\//, "").replace(/^.*\/main\//, "");
  return `${trimmed}:${lineNumber + 1}`;
}

/**
 * Now on the system-wide monotonic clock in µs: V8 stamps profile samples with the same clock
 * (CLOCK_MONOTONIC on Linux), so a window timed in this process selects samples of another.
 */
export function monotonicMicros(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

export type ProfileWindow = { fromUs: number; toUs: number };

/** Self time per function and per area, from the samples taken inside the window. */
export function summarizeProfile(file: string, window: ProfileWindow, top = 15): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
  const nodesById = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfByNode = new Map<number, number>();
  const parentOf = new Map<number, CpuProfileNode>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node);
  const underInspector = (nodeId: number): boolean => {
    for (let node = nodesById.get(nodeId); node; node = parentOf.get(node.id)) if (node.callFrame.url === "node:inspector") return true;
    return false;
  };
  let totalUs = 0;
  let profilerOverheadUs = 0;
  let sampledAt = profile.startTime;
  profile.samples.forEach((nodeId, index) => {
    const delta = profile.timeDeltas[index] ?? 0;
    sampledAt += delta;
    if (sampledAt < window.fromUs || sampledAt > window.toUs) return;
    if (underInspector(nodeId)) {
      profilerOverheadUs += delta;
      return;
    }
    selfByNode.set(nodeId, (selfByNode.get(nodeId) ?? 0) + delta);
    totalUs += delta;
  });
  const label = (node: CpuProfileNode) => `${node.callFrame.functionName || "(anonymous)"} ${shortWhere(node.callFrame.url, node.callFrame.lineNumber)}`.trim();
  const byFunction = new Map<string, { name: string; where: string; us: number; callers: Map<string, number> }>();
  const byArea = new Map<string, number>();
  for (const [nodeId, us] of selfByNode) {
    const node = nodesById.get(nodeId);
    if (!node) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const name = functionName || "(anonymous)";
    const where = shortWhere(url, lineNumber);
    const key = `${name}@${where}`;
    const entry = byFunction.get(key) ?? { name, where, us: 0, callers: new Map<string, number>() };
    entry.us += us;
    const parent = parentOf.get(nodeId);
    if (parent) entry.callers.set(label(parent), (entry.callers.get(label(parent)) ?? 0) + us);
    byFunction.set(key, entry);
    const area = areaOf(url, name);
    byArea.set(area, (byArea.get(area) ?? 0) + us);
  }
  const toEntry = (name: string, where: string, us: number): SelfTimeEntry => ({ name, where, selfMs: us / 1000, percent: (100 * us) / totalUs });
  return {
    file,
    totalMs: totalUs / 1000,
    profilerOverheadMs: profilerOverheadUs / 1000,
    topFunctions: [...byFunction.values()]
      .sort((a, b) => b.us - a.us)
      .slice(0, top)
      .map((e) => ({ ...toEntry(e.name, e.where, e.us), calledFrom: [...e.callers.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] })),
    byArea: [...byArea.entries()].sort((a, b) => b[1] - a[1]).slice(0, top).map(([area, us]) => toEntry(area, "", us)),
  };
}

/** Waits (bounded) for the profiler hook to write its profile into `dir`. */
export async function awaitProfileIn(dir: string, timeoutMs: number): Promise<string | null> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const file = readdirSync(dir).find((name) => name.endsWith(".cpuprofile"));
    if (file) {
      // The hook writes synchronously, but give a large file a moment to be complete on disk.
      await new Promise((resolve) => setTimeout(resolve, 200));
      return join(dir, file);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return null;
}
