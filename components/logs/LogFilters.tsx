"use client";

import { Search } from "lucide-react";
import type { LogLevel } from "@/lib/protocol/common";
import { INPUT_CLASS, SELECT_CLASS } from "@/components/ui/field-styles";
import { isLogTimePreset, LOG_TIME_PRESETS } from "@/components/logs/log-time-range";
import type { LogTimePreset } from "@/components/logs/log-time-range";
import { LogLevelSelect } from "./LogLevelSelect";

export type LogFilterDraft = {
  text: string;
  nodeId: string;
  level: LogLevel | undefined;
  preset: LogTimePreset;
  customFrom: string;
  customTo: string;
};

type LogFiltersProps = {
  draft: LogFilterDraft;
  onChange: (draft: LogFilterDraft) => void;
};

export function LogFilters({ draft, onChange }: LogFiltersProps) {
  const update = (patch: Partial<LogFilterDraft>) => onChange({ ...draft, ...patch });
  return (
    <div className="flex flex-wrap items-center gap-3">
      <div className="relative">
        <Search className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-zinc-400" aria-hidden />
        <input
          type="search"
          value={draft.text}
          onChange={(event) => update({ text: event.target.value })}
          placeholder="Search messages"
          aria-label="Search messages"
          className={`${INPUT_CLASS} w-72 pl-8`}
        />
      </div>
      <input
        value={draft.nodeId}
        onChange={(event) => update({ nodeId: event.target.value })}
        placeholder="Node id (all nodes)"
        aria-label="Node id"
        spellCheck={false}
        className={`${INPUT_CLASS} w-48 font-mono`}
      />
      <LogLevelSelect value={draft.level} onChange={(level) => update({ level })} />
      <select
        value={draft.preset}
        onChange={(event) => {
          if (isLogTimePreset(event.target.value)) update({ preset: event.target.value });
        }}
        aria-label="Time range"
        className={SELECT_CLASS}
      >
        {LOG_TIME_PRESETS.map((preset) => (
          <option key={preset.value} value={preset.value}>
            {preset.label}
          </option>
        ))}
      </select>
      {draft.preset === "custom" && (
        <div className="flex items-center gap-2 text-sm text-zinc-400">
          <input
            type="datetime-local"
            value={draft.customFrom}
            onChange={(event) => update({ customFrom: event.target.value })}
            aria-label="From"
            className={INPUT_CLASS}
          />
          <span>to</span>
          <input
            type="datetime-local"
            value={draft.customTo}
            onChange={(event) => update({ customTo: event.target.value })}
            aria-label="To (empty for now)"
            className={INPUT_CLASS}
          />
        </div>
      )}
    </div>
  );
}
