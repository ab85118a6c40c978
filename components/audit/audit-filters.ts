import type { AuditKinds } from "@/lib/protocol/api/audit";
import { buildQuery } from "@/components/live/api-client";
import { parseLocalDateTime } from "@/components/logs/log-time-range";

export const AUDIT_TIME_PRESETS = [
  { value: "1h", label: "Last hour", ms: 3_600_000 },
  { value: "24h", label: "Last 24 hours", ms: 24 * 3_600_000 },
  { value: "7d", label: "Last 7 days", ms: 7 * 24 * 3_600_000 },
  { value: "30d", label: "Last 30 days", ms: 30 * 24 * 3_600_000 },
  { value: "all", label: "Any time", ms: null },
  { value: "custom", label: "Custom range…", ms: null },
] as const;

export type AuditTimePreset = (typeof AUDIT_TIME_PRESETS)[number]["value"];

export type AuditFilterDraft = {
  /** An exact kind, a prefix ending in "." (a whole group), or "" for every kind. */
  action: string;
  actor: string;
  target: string;
  preset: AuditTimePreset;
  customFrom: string;
  customTo: string;
};

export const EMPTY_AUDIT_FILTER: AuditFilterDraft = { action: "", actor: "", target: "", preset: "all", customFrom: "", customTo: "" };

export const AUDIT_PAGE_SIZE = 100;

export function isAuditTimePreset(value: string): value is AuditTimePreset {
  return AUDIT_TIME_PRESETS.some((preset) => preset.value === value);
}

/**
 * The `/api/v1/audit` path of a filter. A relative preset is anchored at `anchor` (rounded to
 * the minute by the caller), so polling the same filter asks for the same path.
 */
export function auditPath(draft: AuditFilterDraft, anchor: number, cursor?: string): string {
  const preset = AUDIT_TIME_PRESETS.find((candidate) => candidate.value === draft.preset);
  const range =
    draft.preset === "custom"
      ? { from: parseLocalDateTime(draft.customFrom), to: parseLocalDateTime(draft.customTo) }
      : preset?.ms
        ? { from: anchor - preset.ms, to: undefined }
        : { from: undefined, to: undefined };
  return `/api/v1/audit${buildQuery({
    action: draft.action,
    actor: draft.actor.trim(),
    target: draft.target.trim(),
    from: range.from,
    to: range.to,
    limit: AUDIT_PAGE_SIZE,
    cursor,
  })}`;
}

export type KindGroup = { prefix: string; kinds: { kind: string; description: string }[] };

/** The kinds grouped by prefix, groups and kinds in alphabetical order, for the kind select. */
export function groupKinds(list: AuditKinds["items"]): KindGroup[] {
  const groups = new Map<string, KindGroup>();
  for (const item of list) {
    const group = groups.get(item.prefix) ?? { prefix: item.prefix, kinds: [] };
    group.kinds.push({ kind: item.kind, description: item.description });
    groups.set(item.prefix, group);
  }
  return [...groups.values()]
    .sort((a, b) => a.prefix.localeCompare(b.prefix))
    .map((group) => ({ ...group, kinds: group.kinds.sort((a, b) => a.kind.localeCompare(b.kind)) }));
}
