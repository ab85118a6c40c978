"use client";

import type { Role } from "@/lib/protocol/common";
import { SELECT_CLASS } from "@/components/ui/field-styles";

const ROLE_OPTIONS: readonly { value: Role; label: string }[] = [
  { value: "viewer", label: "Viewer (read only)" },
  { value: "operator", label: "Operator" },
  { value: "admin", label: "Admin" },
];

export function isRole(value: string): value is Role {
  return ROLE_OPTIONS.some((option) => option.value === value);
}

type RoleSelectProps = {
  value: Role;
  onChange: (role: Role) => void;
  disabled?: boolean;
  label: string;
  compact?: boolean;
};

export function RoleSelect({ value, onChange, disabled, label, compact = false }: RoleSelectProps) {
  return (
    <select
      value={value}
      disabled={disabled}
      aria-label={label}
      onChange={(event) => {
        if (isRole(event.target.value)) onChange(event.target.value);
      }}
      className={`${SELECT_CLASS} ${compact ? "h-8 text-xs" : ""}`}
    >
      {ROLE_OPTIONS.map((option) => (
        <option key={option.value} value={option.value}>
          {compact ? option.value : option.label}
        </option>
      ))}
    </select>
  );
}
