/**
 * A ring change being drafted in the "what if" panel, and how changes read in the history.
 * Mirrors lib/ring's RingChange without importing it (that would bundle zod in the browser).
 */

/** Mirrors MAX_GROUP_WEIGHT in lib/ring/membership. */
export const MAX_RING_WEIGHT = 100;

export type RingGroupWeight = { id: string; weight: number };
export type RingChangeBody = { add?: RingGroupWeight[]; remove?: string[]; reweight?: RingGroupWeight[] };
export type RingChangeDraft = { add: RingGroupWeight[]; remove: string[]; reweight: RingGroupWeight[] };

export const EMPTY_DRAFT: RingChangeDraft = { add: [], remove: [], reweight: [] };

export function isEmptyDraft(draft: RingChangeDraft): boolean {
  return draft.add.length === 0 && draft.remove.length === 0 && draft.reweight.length === 0;
}

/** A group appears in one list at most: a newer choice about it replaces the older one. */
function withoutGroup(draft: RingChangeDraft, id: string): RingChangeDraft {
  return {
    add: draft.add.filter((entry) => entry.id !== id),
    remove: draft.remove.filter((entry) => entry !== id),
    reweight: draft.reweight.filter((entry) => entry.id !== id),
  };
}

export function draftWithAdd(draft: RingChangeDraft, id: string, weight: number): RingChangeDraft {
  const rest = withoutGroup(draft, id);
  return { ...rest, add: [...rest.add, { id, weight }] };
}

export function draftWithRemove(draft: RingChangeDraft, id: string): RingChangeDraft {
  const rest = withoutGroup(draft, id);
  return { ...rest, remove: [...rest.remove, id] };
}

export function draftWithReweight(draft: RingChangeDraft, id: string, weight: number): RingChangeDraft {
  const rest = withoutGroup(draft, id);
  return { ...rest, reweight: [...rest.reweight, { id, weight }] };
}

export function draftWithout(draft: RingChangeDraft, id: string): RingChangeDraft {
  return withoutGroup(draft, id);
}

/** The request body: empty lists left out. */
export function draftToChange(draft: RingChangeDraft): RingChangeBody {
  const change: RingChangeBody = {};
  if (draft.add.length) change.add = draft.add;
  if (draft.remove.length) change.remove = draft.remove;
  if (draft.reweight.length) change.reweight = draft.reweight;
  return change;
}

/** A weight typed by an operator, or null when the server would refuse it. */
export function parseRingWeight(text: string): number | null {
  if (text.trim() === "") return null;
  const weight = Number(text);
  if (!Number.isFinite(weight) || weight <= 0 || weight > MAX_RING_WEIGHT) return null;
  return weight;
}

export type ChangePart = { kind: "add" | "remove" | "reweight"; id: string; text: string };

/** "+shard-18 (weight 1)", "−shard-03", "shard-05 → weight 2": one part per group touched. */
export function describeChangeParts(change: RingChangeBody | null | undefined): ChangePart[] {
  if (!change) return [];
  return [
    ...(change.add ?? []).map((entry) => ({ kind: "add" as const, id: entry.id, text: `+${entry.id} (weight ${entry.weight})` })),
    ...(change.remove ?? []).map((id) => ({ kind: "remove" as const, id, text: `−${id}` })),
    ...(change.reweight ?? []).map((entry) => ({ kind: "reweight" as const, id: entry.id, text: `${entry.id} → weight ${entry.weight}` })),
  ];
}

export function describeChange(change: RingChangeBody | null | undefined): string {
  const parts = describeChangeParts(change);
  return parts.length ? parts.map((part) => part.text).join(", ") : "no membership change";
}
