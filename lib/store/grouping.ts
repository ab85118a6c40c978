import "server-only";
import { z } from "zod";
import type { GroupingResult, OutlierMetric } from "../grouping/grouping-result";
import type { GroupedNodeView, GroupingHistory, GroupsResponse, NodeGroupHistory, StoredGroup } from "../protocol/api/groups";
import type { PreviousGrouping } from "../grouping/grouping-state";
import type { GroupingSettings } from "../grouping/settings";
import type { MetricName } from "../protocol/views";
import type { NodeGroup } from "../generated/prisma/client";
import type { Db } from "./prisma";
import type { GroupingEventRow, NodeGroupRow } from "./timeseries-rows";
import { getConfig, type Config } from "../config";
import { cachedSetting, writeSettings } from "./settings-cache";
import { previousGroupingSchema } from "../grouping/grouping-state";
import { DEFAULT_GROUPING_SETTINGS } from "../grouping/settings";
import { groupingSettingsUpdateSchema } from "../protocol/api/groups";

const SETTINGS_KEY = "grouping.settings";
/** Defaults until an operator saves settings; VIGIL_GROUPING_INTERVAL (seconds) sets the run interval. */
export function groupingDefaults(config: Pick<Config, "groupingIntervalSeconds"> = getConfig()): GroupingSettings {
  return { ...DEFAULT_GROUPING_SETTINGS, intervalSeconds: config.groupingIntervalSeconds };
}

export async function loadGroupingSettings(db: Db): Promise<GroupingSettings> {
  return cachedSetting(db, SETTINGS_KEY, async () => {
    const row = await db.jobState.findUnique({ where: { key: SETTINGS_KEY } });
    if (!row) return groupingDefaults();
    const parsed = groupingSettingsUpdateSchema.safeParse(JSON.parse(row.value));
    return parsed.success ? parsed.data : groupingDefaults();
  });
}

export async function saveGroupingSettings(db: Db, settings: GroupingSettings): Promise<GroupingSettings> {
  const value = JSON.stringify(settings);
  await writeSettings(db, db.jobState.upsert({ where: { key: SETTINGS_KEY }, create: { key: SETTINGS_KEY, value }, update: { value } }));
  return settings;
}

const storedGroupsSchema = z.array(z.looseObject({ id: z.number(), name: z.string(), size: z.number() }));

/** Rows to persist for one run: each node's place (with the features it was grouped by) and what changed. */
export function groupingRows(
  result: GroupingResult,
  features: Map<string, Partial<Record<MetricName, number | null>>>,
  at: number,
): { nodes: NodeGroupRow[]; events: GroupingEventRow[] } {
  const nodes = result.assignments.map((a) => ({
    nodeId: a.nodeId,
    groupId: a.groupId,
    distance: a.distance,
    outlier: a.outlier ? 1 : 0,
    outlierMetrics: a.outlier ? JSON.stringify(a.outlierMetrics) : null,
    features: JSON.stringify({ ...features.get(a.nodeId), pc: a.pc }),
  }));
  const reasons = new Map(result.assignments.map((a) => [a.nodeId, a.outlierMetrics.map((m) => m.metric).join(", ")]));
  const groupOf = new Map(result.assignments.map((a) => [a.nodeId, a.groupId]));
  const events: GroupingEventRow[] = [
    ...result.changes.moved.map((m) => ({ at, nodeId: m.nodeId, kind: "moved", fromGroup: m.from, toGroup: m.to, detail: null })),
    ...result.changes.becameOutliers.map((nodeId) => ({
      at, nodeId, kind: "outlier", fromGroup: null, toGroup: groupOf.get(nodeId) ?? null, detail: reasons.get(nodeId) || null,
    })),
    ...result.changes.stoppedBeingOutliers.map((nodeId) => ({
      at, nodeId, kind: "normal", fromGroup: null, toGroup: groupOf.get(nodeId) ?? null, detail: null,
    })),
  ];
  return { nodes, events };
}

export function storedGroups(result: GroupingResult): string {
  return JSON.stringify(result.groups.map(({ members: _members, ...group }) => group));
}

function nodeGroupRowToView(row: NodeGroup): GroupedNodeView {
  const { pc, ...features } = JSON.parse(row.features) as Partial<Record<MetricName, number | null>> & { pc?: [number, number] };
  return {
    nodeId: row.nodeId,
    groupId: row.groupId,
    distance: row.distance,
    outlier: row.outlier,
    outlierMetrics: row.outlierMetrics ? (JSON.parse(row.outlierMetrics) as OutlierMetric[]) : [],
    features,
    pc: pc ?? [0, 0],
  };
}

export async function latestGroupingState(db: Db): Promise<PreviousGrouping | null> {
  const run = await db.groupingRun.findFirst({ orderBy: { id: "desc" } });
  if (!run) return null;
  const parsed = previousGroupingSchema.safeParse(JSON.parse(run.state));
  return parsed.success ? parsed.data : null;
}

export async function latestGroups(db: Db): Promise<GroupsResponse> {
  const settings = await loadGroupingSettings(db);
  const run = await db.groupingRun.findFirst({ orderBy: { id: "desc" } });
  if (!run) return { run: null, groups: [], outliers: [], nodes: [], settings };
  const rows = await db.nodeGroup.findMany({ where: { runId: run.id } });
  const nodes = rows.map(nodeGroupRowToView);
  const members = new Map<number, string[]>();
  for (const node of nodes) members.set(node.groupId, [...(members.get(node.groupId) ?? []), node.nodeId]);
  const groups = (JSON.parse(run.groups) as StoredGroup[]).map((group) => ({ ...group, members: (members.get(group.id) ?? []).sort() }));
  return {
    run: { id: run.id, at: Number(run.at), k: run.k, silhouette: run.silhouette, inertia: run.inertia, nodes: run.nodes },
    groups,
    outliers: nodes.filter((n) => n.outlier).map((n) => n.nodeId).sort(),
    nodes,
    settings,
  };
}

export async function groupingHistory(db: Db, limit: number): Promise<GroupingHistory> {
  const runs = await db.groupingRun.findMany({ orderBy: { id: "desc" }, take: limit });
  return {
    items: runs.map((run) => ({
      id: run.id,
      at: Number(run.at),
      k: run.k,
      silhouette: run.silhouette,
      inertia: run.inertia,
      nodes: run.nodes,
      groups: storedGroupsSchema.parse(JSON.parse(run.groups)).map((g) => ({ id: g.id, name: g.name, size: g.size })),
    })),
  };
}


export async function nodeGroupHistory(db: Db, nodeId: string, limit: number): Promise<NodeGroupHistory> {
  const [row, events] = await Promise.all([
    db.nodeGroup.findUnique({ where: { nodeId } }),
    db.groupingEvent.findMany({ where: { nodeId }, orderBy: { id: "desc" }, take: limit }),
  ]);
  return { current: row ? nodeGroupRowToView(row) : null, items: events.map((e) => ({ ...e, at: Number(e.at) })) };
}
