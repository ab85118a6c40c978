"use client";

import { X } from "lucide-react";
import { useState } from "react";
import type { FormEvent } from "react";
import { Button } from "@/components/ui/Button";
import { SegmentedControl } from "@/components/ui/SegmentedControl";
import { INPUT_CLASS, SELECT_CLASS } from "@/components/ui/field-styles";
import { MAX_RING_WEIGHT, describeChangeParts, draftToChange, draftWithAdd, draftWithRemove, draftWithReweight, draftWithout, parseRingWeight } from "@/components/ring/ring-change";
import type { RingChangeDraft } from "@/components/ring/ring-change";
import { ringGroupColor } from "@/components/ring/ring-colors";

type Mode = "add" | "remove" | "reweight";
const MODE_OPTIONS: readonly { value: Mode; label: string }[] = [
  { value: "add", label: "Add" },
  { value: "remove", label: "Remove" },
  { value: "reweight", label: "Reweight" },
];

type ChangeDraftEditorProps = {
  ringGroups: readonly { id: string; weight: number }[];
  /** Offered as suggestions when adding. */
  pendingIds: readonly string[];
  draft: RingChangeDraft;
  onChange: (draft: RingChangeDraft) => void;
};

/** Suggestions and pickable groups shown at once: a ring of 3,000 groups is searched, not scrolled. */
const SHOWN_CHOICES = 48;

/** The ids that contain `query` (all when it is empty), at most `limit`. */
function matchingIds(ids: readonly string[], query: string, limit: number): string[] {
  const needle = query.trim().toLowerCase();
  const found: string[] = [];
  for (const id of ids) {
    if (found.length >= limit) break;
    if (!needle || id.toLowerCase().includes(needle)) found.push(id);
  }
  return found;
}

const PART_TONE = { add: "border-green-500/40 text-green-200", remove: "border-red-500/50 text-red-200", reweight: "border-sky-500/40 text-sky-200" } as const;

function AddForm({ draft, pendingIds, ringIds, onChange }: { draft: RingChangeDraft; pendingIds: readonly string[]; ringIds: ReadonlySet<string>; onChange: (draft: RingChangeDraft) => void }) {
  const [id, setId] = useState("");
  const [weightText, setWeightText] = useState("1");
  const [failure, setFailure] = useState<string | null>(null);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const trimmed = id.trim();
    const weight = parseRingWeight(weightText);
    if (!trimmed) return setFailure("Name the group to add.");
    if (ringIds.has(trimmed)) return setFailure(`${trimmed} is already on the ring; reweight it instead.`);
    if (weight === null) return setFailure(`The weight must be above 0 and at most ${MAX_RING_WEIGHT}.`);
    setFailure(null);
    onChange(draftWithAdd(draft, trimmed, weight));
    setId("");
  };
  return (
    <form onSubmit={submit} className="space-y-1.5" aria-label="Add a group">
      <div className="flex flex-wrap gap-2">
        <input value={id} onChange={(event) => setId(event.target.value)} list="ring-pending-ids" placeholder="group id" aria-label="Group id to add" className={`${INPUT_CLASS} min-w-0 flex-1 font-mono`} data-testid="ring-add-id" />
        <datalist id="ring-pending-ids">
          {matchingIds(pendingIds, id, SHOWN_CHOICES).map((pendingId) => (
            <option key={pendingId} value={pendingId} />
          ))}
        </datalist>
        <input value={weightText} onChange={(event) => setWeightText(event.target.value)} type="number" min={0} step="any" max={MAX_RING_WEIGHT} aria-label="Weight" className={`${INPUT_CLASS} w-20 tabular`} />
        <Button type="submit">Add</Button>
      </div>
      {failure && <p className="text-xs text-red-300">{failure}</p>}
    </form>
  );
}

function RemovePicker({ draft, ringGroups, onChange }: { draft: RingChangeDraft; ringGroups: readonly { id: string }[]; onChange: (draft: RingChangeDraft) => void }) {
  const [query, setQuery] = useState("");
  const removing = new Set(draft.remove);
  const searchable = ringGroups.length > SHOWN_CHOICES;
  const shown = searchable ? matchingIds(ringGroups.map((group) => group.id), query, SHOWN_CHOICES) : ringGroups.map((group) => group.id);
  const matching = searchable && query.trim() ? ringGroups.filter((group) => group.id.toLowerCase().includes(query.trim().toLowerCase())).length : ringGroups.length;
  return (
    <div className="space-y-1.5">
      <p className="text-xs text-zinc-400">Pick the groups to take off the ring.</p>
      {searchable && (
        <input
          value={query}
          onChange={(event) => setQuery(event.target.value)}
          placeholder={`Find one of ${ringGroups.length} groups`}
          aria-label="Find a group to remove"
          className={`${INPUT_CLASS} w-full font-mono text-xs`}
        />
      )}
      <div className="flex max-h-36 flex-wrap gap-1.5 overflow-y-auto" role="group" aria-label="Groups to remove" data-testid="ring-remove-picker">
        {shown.map((groupId) => {
          const picked = removing.has(groupId);
          return (
            <button
              key={groupId}
              type="button"
              aria-pressed={picked}
              data-remove-group={groupId}
              onClick={() => onChange(picked ? draftWithout(draft, groupId) : draftWithRemove(draft, groupId))}
              className={`inline-flex items-center gap-1.5 rounded-md border px-2 py-1 font-mono text-xs transition-colors ${
                picked ? "border-red-500/60 bg-red-500/15 text-red-200" : "border-zinc-700 bg-zinc-950 text-zinc-300 hover:border-zinc-500"
              }`}
            >
              <span className="size-2 rounded-full" style={{ background: ringGroupColor(groupId) }} aria-hidden />
              {groupId}
            </button>
          );
        })}
        {matching > shown.length && <span className="self-center text-xs text-zinc-400">and {matching - shown.length} more: type to narrow</span>}
      </div>
    </div>
  );
}

function ReweightForm({ draft, ringGroups, onChange }: { draft: RingChangeDraft; ringGroups: readonly { id: string; weight: number }[]; onChange: (draft: RingChangeDraft) => void }) {
  const [groupId, setGroupId] = useState(ringGroups[0]?.id ?? "");
  const [weightText, setWeightText] = useState("2");
  const [failure, setFailure] = useState<string | null>(null);
  const current = ringGroups.find((group) => group.id === groupId);
  // A select of thousands of options is a long list to scroll and to render: past a few dozen, type the id.
  const typed = ringGroups.length > SHOWN_CHOICES;
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const weight = parseRingWeight(weightText);
    if (!current) return setFailure(typed && groupId ? `${groupId} is not on the ring.` : "Pick a group on the ring.");
    if (weight === null) return setFailure(`The weight must be above 0 and at most ${MAX_RING_WEIGHT}.`);
    if (weight === current.weight) return setFailure(`${current.id} already has weight ${weight}.`);
    setFailure(null);
    onChange(draftWithReweight(draft, current.id, weight));
  };
  return (
    <form onSubmit={submit} className="space-y-1.5" aria-label="Reweight a group">
      <div className="flex flex-wrap gap-2">
        {typed ? (
          <>
            <input value={groupId} onChange={(event) => setGroupId(event.target.value)} list="ring-group-ids" placeholder="group id" aria-label="Group to reweight" className={`${INPUT_CLASS} min-w-0 flex-1 font-mono`} />
            <datalist id="ring-group-ids">
              {matchingIds(
                ringGroups.map((group) => group.id),
                groupId,
                SHOWN_CHOICES,
              ).map((id) => (
                <option key={id} value={id} />
              ))}
            </datalist>
          </>
        ) : (
          <select value={groupId} onChange={(event) => setGroupId(event.target.value)} aria-label="Group to reweight" className={`${SELECT_CLASS} min-w-0 flex-1 font-mono`}>
            {ringGroups.map((group) => (
              <option key={group.id} value={group.id}>
                {group.id} (weight {group.weight})
              </option>
            ))}
          </select>
        )}
        <input value={weightText} onChange={(event) => setWeightText(event.target.value)} type="number" min={0} step="any" max={MAX_RING_WEIGHT} aria-label="New weight" className={`${INPUT_CLASS} w-20 tabular`} />
        <Button type="submit">Set weight</Button>
      </div>
      {typed && current && <p className="text-xs text-zinc-400">weight now {current.weight}</p>}
      {failure && <p className="text-xs text-red-300">{failure}</p>}
    </form>
  );
}

/** Builds a change out of adds, removals and reweights; each group is touched at most once. */
export function ChangeDraftEditor({ ringGroups, pendingIds, draft, onChange }: ChangeDraftEditorProps) {
  const [mode, setMode] = useState<Mode>("remove");
  const parts = describeChangeParts(draftToChange(draft));
  const ringIds = new Set(ringGroups.map((group) => group.id));
  return (
    <div className="space-y-3">
      <SegmentedControl label="Kind of change" options={MODE_OPTIONS} value={mode} onChange={setMode} />
      {mode === "add" && <AddForm draft={draft} pendingIds={pendingIds} ringIds={ringIds} onChange={onChange} />}
      {mode === "remove" && <RemovePicker draft={draft} ringGroups={ringGroups} onChange={onChange} />}
      {mode === "reweight" && <ReweightForm draft={draft} ringGroups={ringGroups} onChange={onChange} />}
      <div className="flex min-h-8 flex-wrap items-center gap-1.5" aria-label="The change so far" data-testid="ring-draft">
        {parts.length === 0 ? (
          <span className="text-xs text-zinc-400">Nothing chosen yet.</span>
        ) : (
          parts.map((part) => (
            <span key={part.id} className={`inline-flex items-center gap-1 rounded-md border bg-zinc-950 py-0.5 pr-1 pl-2 font-mono text-xs ${PART_TONE[part.kind]}`}>
              {part.text}
              <button type="button" onClick={() => onChange(draftWithout(draft, part.id))} aria-label={`Drop ${part.text}`} className="rounded p-0.5 text-zinc-400 hover:bg-zinc-800 hover:text-zinc-100">
                <X className="size-3" aria-hidden />
              </button>
            </span>
          ))
        )}
      </div>
    </div>
  );
}
