"use client";

import { useState } from "react";
import type { PageDetail } from "@/lib/protocol/api/pages";
import { EmptyState } from "@/components/ui/EmptyState";
import { ErrorState } from "@/components/ui/ErrorState";
import { LoadingState } from "@/components/ui/LoadingState";
import { SegmentedControl } from "@/components/ui/SegmentedControl";
import { PageCard } from "./PageCard";
import { sortPages } from "./page-view";
import { useNow, usePages } from "./use-pages";

const FILTERS = [
  { value: "open", label: "Open" },
  { value: "all", label: "All" },
] as const;

/** The pages Vigil sent: open ones first, each with its countdown or hold, and Acknowledge / Resolve. */
export function PagesView() {
  const [filter, setFilter] = useState<"open" | "all">("open");
  const pages = usePages(filter);
  const now = useNow();
  const changed = (detail: PageDetail) => {
    pages.setData((list) => (list ? { items: list.items.map((p) => (p.id === detail.page.id ? detail.page : p)) } : list));
    pages.reload();
  };
  return (
    <div className="space-y-4 p-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <h1 className="text-xl font-semibold text-zinc-50">Pages</h1>
          <p className="text-sm text-zinc-400">Who was paged, whether someone has it, and when it escalates next.</p>
        </div>
        <SegmentedControl options={FILTERS} value={filter} onChange={setFilter} label="Which pages" />
      </div>
      {pages.error && !pages.data ? (
        <ErrorState message={pages.error} onRetry={pages.reload} />
      ) : !pages.data ? (
        <LoadingState />
      ) : pages.data.items.length === 0 ? (
        <EmptyState title={filter === "open" ? "No open pages" : "No pages yet"}>
          {filter === "open" ? "Nobody is being paged right now." : "Pages appear here when an escalation policy or a receiver pages someone."}
        </EmptyState>
      ) : (
        <ul className="space-y-2" data-testid="pages-list">
          {sortPages(pages.data.items).map((page) => (
            <PageCard key={page.id} page={page} now={now} onChanged={changed} />
          ))}
        </ul>
      )}
    </div>
  );
}
