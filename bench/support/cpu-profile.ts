import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** The parts of a V8 .cpuprofile (as written by `node --cpu-prof`) that a summary needs. */
type CpuProfileNode = {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
};
type CpuProfile = { nodes: CpuProfileNode[]; startTime: number; endTime: number; samples: number[]; timeDeltas: number[] };

export type SelfTimeEntry = { name: string; where: string; selfMs: number; percent: number };
export type ProfileSummary = { file: string; totalMs: number; topFunctions: SelfTimeEntry[]; byArea: SelfTimeEntry[] };

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

/** Now on the system-wide monotonic clock, in µs: the clock V8 stamps profile samples with. */
export function monotonicMicros(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

/** Self time per function and per area, counting only samples taken inside [fromUs, toUs]. */
export function summarizeProfile(file: string, window: { fromUs: number; toUs: number }, top = 15): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
  const nodesById = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfByNode = new Map<number, number>();
  let sampledAt = profile.startTime;
  let totalUs = 0;
  profile.samples.forEach((nodeId, index) => {
    const delta = profile.timeDeltas[index] ?? 0;
    sampledAt += delta;
    if (sampledAt < window.fromUs || sampledAt > window.toUs) return;
    selfByNode.set(nodeId, (selfByNode.get(nodeId) ?? 0) + delta);
    totalUs += delta;
  });
  const byFunction = new Map<string, { name: string; where: string; us: number }>();
  const byArea = new Map<string, number>();
  for (const [nodeId, us] of selfByNode) {
    const node = nodesById.get(nodeId);
    if (!node) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const name = functionName || "(anonymous)";
    const where = shortWhere(url, lineNumber);
    const key = `${name}@${where}`;
    const entry = byFunction.get(key) ?? { name, where, us: 0 };
    entry.us += us;
    byFunction.set(key, entry);
    const area = areaOf(url, name);
    byArea.set(area, (byArea.get(area) ?? 0) + us);
  }
  const toEntry = (name: string, where: string, us: number): SelfTimeEntry => ({ name, where, selfMs: us / 1000, percent: (100 * us) / totalUs });
  return {
    file,
    totalMs: totalUs / 1000,
    topFunctions: [...byFunction.values()].sort((a, b) => b.us - a.us).slice(0, top).map((e) => toEntry(e.name, e.where, e.us)),
    byArea: [...byArea.entries()].sort((a, b) => b[1] - a[1]).slice(0, top).map(([area, us]) => toEntry(area, "", us)),
  };
}

export function newestProfileIn(dir: string): string | null {
  try {
    const files = readdirSync(dir).filter((name) => name.endsWith(".cpuprofile")).sort();
    return files.length ? join(dir, files[files.length - 1]) : null;
  } catch {
    return null;
  }
}
