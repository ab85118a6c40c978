"use client";

import type { LogLevel } from "@/lib/protocol/common";
import { SELECT_CLASS } from "@/components/ui/field-styles";
import { isLogLevel, LOG_LEVELS_ASCENDING } from "@/components/logs/log-levels";

export function LogLevelSelect({ value, onChange }: { value: LogLevel | undefined; onChange: (level: LogLevel | undefined) => void }) {
  return (
    <select
      value={value ?? ""}
      onChange={(event) => onChange(isLogLevel(event.target.value) ? event.target.value : undefined)}
      aria-label="Minimum level"
      className={SELECT_CLASS}
    >
      <option value="">All levels</option>
      {LOG_LEVELS_ASCENDING.map((level) => (
        <option key={level} value={level}>
          {level} and above
        </option>
      ))}
    </select>
  );
}
