import type { ReactNode } from "react";

/** A cell's input with its inline error under it; the input is marked invalid for screen readers. */
export function RuleField({ error, children, className = "" }: { error: string | undefined; children: ReactNode; className?: string }) {
  return (
    <div className={`min-w-0 ${className}`}>
      {children}
      {error && (
        <p role="alert" className="mt-0.5 text-[11px] leading-4 text-red-300">
          {error}
        </p>
      )}
    </div>
  );
}

export function invalidClass(error: string | undefined): string {
  return error ? "ring-1 ring-red-500/80" : "";
}
