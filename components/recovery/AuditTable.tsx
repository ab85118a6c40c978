import { DataTable, type Column } from "@/components/ui/DataTable";
import { RelativeTime } from "@/components/ui/RelativeTime";
import { auditOutcomeTone, TONE_STYLES } from "@/components/recovery/recovery-states";
import type { AuditItem } from "./recovery-types";

function auditColumns(now: number): Column<AuditItem>[] {
  return [
    {
      key: "when",
      header: "When",
      className: "text-xs whitespace-nowrap text-zinc-400 tabular",
      cell: (item) => <RelativeTime ts={item.at} now={now} />,
    },
    { key: "who", header: "Who", cell: (item) => <span className={`text-xs whitespace-nowrap ${item.actor === "vigil" ? "text-zinc-400" : "text-zinc-200"}`}>{item.actor}</span> },
    { key: "what", header: "What", className: "font-mono text-xs whitespace-nowrap text-zinc-200", cell: (item) => item.action },
    { key: "target", header: "Target", className: "max-w-56 truncate font-mono text-xs text-zinc-300", cellProps: (item) => ({ title: item.target }), cell: (item) => item.target },
    { key: "epoch", header: "Epoch", align: "right", className: "text-xs text-zinc-400 tabular", cell: (item) => item.epoch ?? "—" },
    {
      key: "outcome",
      header: "Outcome",
      className: "text-xs whitespace-nowrap",
      cell: (item) => <span className={`rounded-full px-2 py-0.5 font-medium ${TONE_STYLES[auditOutcomeTone(item.outcome)].badge}`}>{item.outcome}</span>,
    },
    {
      key: "detail",
      header: "Detail",
      className: "text-xs text-zinc-400",
      cell: (item) => (
        <span className="line-clamp-2 break-all" title={item.detail ?? undefined}>
          {item.detail ?? ""}
        </span>
      ),
    },
  ];
}

/** Who did what to what, newest first: Vigil's own actions and every human decision. */
export function AuditTable({ items, now }: { items: readonly AuditItem[]; now: number }) {
  return (
    <DataTable
      testId="recovery-audit"
      stickyHeader
      columns={auditColumns(now)}
      rows={items}
      rowKey={(item) => item.id}
      rowProps={(item) => ({ "data-audit-action": item.action, "data-audit-outcome": item.outcome })}
    />
  );
}
