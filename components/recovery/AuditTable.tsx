import { formatDateTime, formatRelativeTime } from "@/components/ui/format";
import { auditOutcomeTone, TONE_STYLES } from "@/components/recovery/recovery-states";
import type { AuditItem } from "./recovery-types";

/** Who did what to what, newest first: Vigil's own actions and every human decision. */
export function AuditTable({ items, now }: { items: readonly AuditItem[]; now: number }) {
  const cell = "px-3 py-1.5 align-top";
  return (
    <table className="w-full text-sm" data-testid="recovery-audit">
      <thead className="sticky top-0 bg-zinc-900 text-left text-xs tracking-wide text-zinc-500 uppercase">
        <tr className="border-b border-zinc-800">
          <th className={`${cell} pl-4 font-medium`}>When</th>
          <th className={`${cell} font-medium`}>Who</th>
          <th className={`${cell} font-medium`}>What</th>
          <th className={`${cell} font-medium`}>Target</th>
          <th className={`${cell} text-right font-medium`}>Epoch</th>
          <th className={`${cell} font-medium`}>Outcome</th>
          <th className={`${cell} pr-4 font-medium`}>Detail</th>
        </tr>
      </thead>
      <tbody className="divide-y divide-zinc-800/60">
        {items.map((item) => (
          <tr key={item.id} data-audit-action={item.action} data-audit-outcome={item.outcome}>
            <td className={`${cell} pl-4 text-xs whitespace-nowrap text-zinc-400 tabular`} title={formatRelativeTime(item.at, now)}>
              {formatDateTime(item.at)}
            </td>
            <td className={`${cell} text-xs whitespace-nowrap ${item.actor === "vigil" ? "text-zinc-500" : "text-zinc-200"}`}>{item.actor}</td>
            <td className={`${cell} font-mono text-xs whitespace-nowrap text-zinc-200`}>{item.action}</td>
            <td className={`${cell} max-w-56 truncate font-mono text-xs text-zinc-300`} title={item.target}>
              {item.target}
            </td>
            <td className={`${cell} text-right text-xs text-zinc-400 tabular`}>{item.epoch ?? "—"}</td>
            <td className={`${cell} text-xs whitespace-nowrap`}>
              <span className={`rounded-full px-2 py-0.5 font-medium ${TONE_STYLES[auditOutcomeTone(item.outcome)].badge}`}>{item.outcome}</span>
            </td>
            <td className={`${cell} pr-4 text-xs text-zinc-400`}>
              <span className="line-clamp-2 break-all" title={item.detail ?? undefined}>
                {item.detail ?? ""}
              </span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
