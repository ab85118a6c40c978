import type { ReactNode } from "react";

type PanelProps = {
  title?: ReactNode;
  /** Right-aligned in the header: filters, links, small stats. */
  actions?: ReactNode;
  children: ReactNode;
  className?: string;
  bodyClassName?: string;
};

/** A body that scrolls on its own must be reachable by keyboard (WCAG 2.1.1), even with nothing focusable in it. */
const SCROLLS = /\boverflow-(?:[xy]-)?(?:auto|scroll)\b/;

export function Panel({ title, actions, children, className = "", bodyClassName = "p-4" }: PanelProps) {
  const scrolls = SCROLLS.test(bodyClassName);
  return (
    <section className={`flex min-w-0 flex-col rounded-lg border border-zinc-800 bg-zinc-900/60 ${className}`}>
      {(title || actions) && (
        <header className="flex min-h-11 items-center justify-between gap-3 border-b border-zinc-800 px-4 py-2">
          {title && <h2 className="text-sm font-semibold tracking-wide text-zinc-300">{title}</h2>}
          {actions && <div className="flex items-center gap-2 text-xs text-zinc-400">{actions}</div>}
        </header>
      )}
      <div
        className={`min-h-0 flex-1 ${bodyClassName} ${scrolls ? "focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-sky-400" : ""}`}
        tabIndex={scrolls ? 0 : undefined}
      >
        {children}
      </div>
    </section>
  );
}
