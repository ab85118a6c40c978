import type { ReactNode } from "react";

type LabelChipProps = { name: string; operator?: string; value: string; children?: ReactNode; tone?: "default" | "muted" };

/** `name=value` as a compact chip; matchers pass their operator. */
export function LabelChip({ name, operator = "=", value, children, tone = "default" }: LabelChipProps) {
  const colors = tone === "muted" ? "border-zinc-800 bg-zinc-900 text-zinc-400" : "border-zinc-700 bg-zinc-800/70 text-zinc-200";
  return (
    <span className={`inline-flex max-w-full items-center rounded border px-1.5 py-0.5 font-mono text-[11px] leading-4 ${colors}`} data-label={name}>
      <span className="text-zinc-400">{name}</span>
      <span className="px-0.5 text-zinc-400">{operator}</span>
      <span className="truncate" title={value}>
        {value === "" ? '""' : value}
      </span>
      {children}
    </span>
  );
}
