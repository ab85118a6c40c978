"use client";

import { INPUT_CLASS, SELECT_CLASS } from "@/components/ui/field-styles";
import { AUDIT_TIME_PRESETS, isAuditTimePreset, type AuditFilterDraft, type KindGroup } from "./audit-filters";

type AuditFiltersProps = {
  draft: AuditFilterDraft;
  kindGroups: readonly KindGroup[];
  onChange: (draft: AuditFilterDraft) => void;
};

/** Kind (one, or a whole group), actor, target and time range. */
export function AuditFilters({ draft, kindGroups, onChange }: AuditFiltersProps) {
  const update = (patch: Partial<AuditFilterDraft>) => onChange({ ...draft, ...patch });
  return (
    <div className="flex flex-wrap items-center gap-3" data-testid="audit-filters">
      <select value={draft.action} onChange={(event) => update({ action: event.target.value })} aria-label="Kind" className={`${SELECT_CLASS} w-64`}>
        <option value="">Every kind</option>
        {kindGroups.map((group) => (
          <optgroup key={group.prefix} label={group.prefix}>
            <option value={`${group.prefix}.`}>{`${group.prefix}.* (all ${group.kinds.length})`}</option>
            {group.kinds.map((kind) => (
              <option key={kind.kind} value={kind.kind} title={kind.description}>
                {kind.kind}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
      <input
        value={draft.actor}
        onChange={(event) => update({ actor: event.target.value })}
        placeholder="Actor (exact)"
        aria-label="Actor"
        spellCheck={false}
        className={`${INPUT_CLASS} w-52`}
      />
      <input
        value={draft.target}
        onChange={(event) => update({ target: event.target.value })}
        placeholder="Target (exact)"
        aria-label="Target"
        spellCheck={false}
        className={`${INPUT_CLASS} w-52 font-mono`}
      />
      <select
        value={draft.preset}
        onChange={(event) => {
          if (isAuditTimePreset(event.target.value)) update({ preset: event.target.value });
        }}
        aria-label="Time range"
        className={SELECT_CLASS}
      >
        {AUDIT_TIME_PRESETS.map((preset) => (
          <option key={preset.value} value={preset.value}>
            {preset.label}
          </option>
        ))}
      </select>
      {draft.preset === "custom" && (
        <div className="flex items-center gap-2 text-sm text-zinc-400">
          <input type="datetime-local" value={draft.customFrom} onChange={(event) => update({ customFrom: event.target.value })} aria-label="From" className={INPUT_CLASS} />
          <span>to</span>
          <input type="datetime-local" value={draft.customTo} onChange={(event) => update({ customTo: event.target.value })} aria-label="To (empty for now)" className={INPUT_CLASS} />
        </div>
      )}
    </div>
  );
}
