import type { ReactNode } from "react";

/** A small caption above a rule's input. */
export function RuleLabel({ label, children }: { label: string; children: ReactNode }) {
  return (
    <label className="flex flex-col gap-0.5 text-[11px] tracking-wide text-zinc-400 uppercase">
      {label}
      {children}
    </label>
  );
}
