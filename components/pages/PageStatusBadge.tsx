import type { PageStatusName } from "@/lib/protocol/api/pages";
import { STATUS_TONE } from "./page-view";

export function PageStatusBadge({ status }: { status: PageStatusName }) {
  const tone = STATUS_TONE[status];
  return <span className={`inline-flex items-center rounded px-1.5 py-0.5 text-xs font-medium ring-1 ring-inset ${tone.badge}`} data-testid="page-status">{tone.label}</span>;
}
