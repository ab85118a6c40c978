import type { ReactNode } from "react";

export function EmptyState({ title, children, className = "h-40" }: { title: string; children?: ReactNode; className?: string }) {
  return (
    <div className={`flex flex-col items-center justify-center gap-1 px-4 text-center ${className}`}>
      <p className="text-sm font-medium text-zinc-300">{title}</p>
      {children && <div className="max-w-md text-sm text-zinc-400">{children}</div>}
    </div>
  );
}
