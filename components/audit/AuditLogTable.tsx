import type { AuditItem } from "@/lib/protocol/api/audit";
import { DataTable, type Column } from "@/components/ui/DataTable";
import { formatDateTime, formatRelativeTime } from "@/components/ui/format";
import { auditOutcomeTone, TONE_STYLES } from "@/components/recovery/recovery-states";

type AuditLogTableProps = {
  items: readonly AuditItem[];
  now: number;
  /** Kind → what it means, shown on hover over the kind. */
  descriptions: ReadonlyMap<string, string>;
  onPick: (filter: { actor?: string; target?: string; action?: string }) => void;
};

const PICK_CLASS = "rounded px-1 -mx-1 text-left hover:bg-zinc-800 hover:text-zinc-50";

function columns({ now, descriptions, onPick }: Omit<AuditLogTableProps, "items">): Column<AuditItem>[] {
  return [
    {
      key: "when",
      header: "When",
      headerClassName: "w-28",
      className: "text-xs whitespace-nowrap text-zinc-400 tabular",
      cellProps: (item) => ({ title: formatDateTime(item.at) }),
      cell: (item) => formatRelativeTime(item.at, now),
    },
    {
      key: "actor",
      header: "Actor",
      className: "text-xs whitespace-nowrap",
      cell: (item) => (
        <button type="button" className={`${PICK_CLASS} ${item.actor === "vigil" ? "text-zinc-400" : "text-zinc-200"}`} title="Only this actor" onClick={() => onPick({ actor: item.actor })}>
          {item.actor}
        </button>
      ),
    },
    {
      key: "action",
      header: "Kind",
      className: "font-mono text-xs whitespace-nowrap text-zinc-200",
      cell: (item) => (
        <button type="button" className={PICK_CLASS} title={descriptions.get(item.action) ?? "Only this kind"} onClick={() => onPick({ action: item.action })}>
          {item.action}
        </button>
      ),
    },
    {
      key: "target",
      header: "Target",
      className: "max-w-56 truncate font-mono text-xs text-zinc-300",
      cellProps: (item) => ({ title: item.target }),
      cell: (item) => (
        <button type="button" className={PICK_CLASS} onClick={() => onPick({ target: item.target })}>
          {item.target}
        </button>
      ),
    },
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
          {item.epoch !== null && <span className="mr-2 text-zinc-400 tabular">epoch {item.epoch}</span>}
          {item.detail ?? ""}
        </span>
      ),
    },
  ];
}

/** Who did what to what, newest first; clicking an actor, kind or target filters by it. */
export function AuditLogTable(props: AuditLogTableProps) {
  return (
    <DataTable
      testId="audit-log"
      stickyHeader
      scrollX
      columns={columns(props)}
      rows={props.items}
      rowKey={(item) => item.id}
      rowProps={(item) => ({ "data-audit-action": item.action, "data-audit-actor": item.actor, "data-audit-outcome": item.outcome })}
    />
  );
}
