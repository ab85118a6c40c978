"use client";

import { Search, X } from "lucide-react";
import type { NodeState } from "@/lib/protocol/common";
import { INPUT_CLASS, SELECT_CLASS } from "@/components/ui/field-styles";
import { formatCount } from "@/components/ui/format";
import { STATE_STYLES, STATES_FOR_DISPLAY } from "@/components/nodes/state-colors";

type NodeFiltersProps = {
  states: ReadonlySet<NodeState>;
  onToggleState: (state: NodeState) => void;
  onClearStates: () => void;
  stateCounts: Record<NodeState, number>;
  zone: string | null;
  zones: readonly string[];
  onZoneChange: (zone: string | null) => void;
  query: string;
  onQueryChange: (query: string) => void;
};

export function NodeFilters(props: NodeFiltersProps) {
  const { states, onToggleState, onClearStates, stateCounts, zone, zones, onZoneChange, query, onQueryChange } = props;
  return (
    <div className="flex flex-wrap items-center gap-3 border-b border-zinc-800 px-6 py-3">
      <div className="relative">
        <Search className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-zinc-400" aria-hidden />
        <input
          type="search"
          value={query}
          onChange={(event) => onQueryChange(event.target.value)}
          placeholder="Search id, host, group, label…"
          aria-label="Search nodes"
          className={`${INPUT_CLASS} w-72 pl-8`}
        />
      </div>
      <select
        value={zone ?? ""}
        onChange={(event) => onZoneChange(event.target.value || null)}
        aria-label="Zone"
        className={SELECT_CLASS}
      >
        <option value="">All zones</option>
        {zones.map((name) => (
          <option key={name} value={name}>
            {name}
          </option>
        ))}
      </select>
      <div className="flex flex-wrap items-center gap-1.5" role="group" aria-label="Filter by state">
        {STATES_FOR_DISPLAY.map((state) => {
          const selected = states.has(state);
          const style = STATE_STYLES[state];
          return (
            <button
              key={state}
              type="button"
              aria-pressed={selected}
              onClick={() => onToggleState(state)}
              className={`inline-flex h-8 items-center gap-1.5 rounded-full px-3 text-xs font-medium transition-colors ${
                selected ? style.badge : "text-zinc-400 ring-1 ring-zinc-700 ring-inset hover:text-zinc-200"
              }`}
            >
              <span className={`size-2 rounded-full ${style.solid}`} aria-hidden />
              {style.label}
              <span className="tabular opacity-80">{formatCount(stateCounts[state])}</span>
            </button>
          );
        })}
        {states.size > 0 && (
          <button type="button" onClick={onClearStates} className="inline-flex h-8 items-center gap-1 px-2 text-xs text-zinc-400 hover:text-zinc-100">
            <X className="size-3.5" aria-hidden />
            Clear
          </button>
        )}
      </div>
    </div>
  );
}
