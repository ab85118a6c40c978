import type { PageEventView, PageStatusName, PageView } from "@/lib/protocol/api/pages";

/** Colours that mean something: red nobody has it, amber someone has it, grey it is over. */
export const STATUS_TONE: Record<PageStatusName, { badge: string; border: string; label: string }> = {
  triggered: { badge: "bg-red-500/20 text-red-300 ring-red-500/40", border: "border-l-red-500", label: "Triggered" },
  acknowledged: { badge: "bg-amber-500/15 text-amber-300 ring-amber-500/40", border: "border-l-amber-500", label: "Acknowledged" },
  resolved: { badge: "bg-emerald-500/10 text-emerald-300/80 ring-emerald-500/30", border: "border-l-zinc-700", label: "Resolved" },
};

/** "4:12", "1:02:03": what a countdown shows; "now" once it is due. */
export function formatCountdown(ms: number): string {
  if (ms <= 0) return "now";
  const total = Math.ceil(ms / 1000);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, "0");
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, "0")}:${seconds}` : `${minutes}:${seconds}`;
}

function clock(ts: number): string {
  const date = new Date(ts);
  return `${String(date.getHours()).padStart(2, "0")}:${String(date.getMinutes()).padStart(2, "0")}`;
}

/** "escalates in 4:12" while nobody has acknowledged and a next step or repeat is due. */
export function escalationText(page: Pick<PageView, "status" | "nextEscalationAt">, now: number): string | null {
  if (page.status !== "triggered" || page.nextEscalationAt === null) return null;
  return `escalates in ${formatCountdown(page.nextEscalationAt - now)}`;
}

/** "held: Vigil is failing over kv-3 until 14:02" while Vigil's own recovery holds escalation. */
export function heldText(page: Pick<PageView, "status" | "recovery" | "heldUntil">, now: number): string | null {
  if (page.status === "resolved" || page.heldUntil === null || page.heldUntil <= now) return null;
  const what = page.recovery?.summary ?? "Vigil is recovering the subject";
  return `held: ${what} until ${clock(page.heldUntil)}`;
}

/** Open pages first, triggered before acknowledged, newest first within each. */
export function sortPages(pages: readonly PageView[]): PageView[] {
  const rank: Record<PageStatusName, number> = { triggered: 0, acknowledged: 1, resolved: 2 };
  return [...pages].sort((a, b) => rank[a.status] - rank[b.status] || b.openedAt - a.openedAt);
}

export function canAcknowledge(page: Pick<PageView, "status">): boolean {
  return page.status === "triggered";
}

export function canResolve(page: Pick<PageView, "status">): boolean {
  return page.status !== "resolved";
}

/** The dot colour of a timeline event. */
export function eventTone(kind: string): string {
  if (kind === "opened" || kind === "escalated") return "bg-red-400";
  if (kind === "acknowledged" || kind === "held") return "bg-amber-400";
  if (kind === "resolved" || kind === "released") return "bg-emerald-400";
  if (kind === "link-refused") return "bg-zinc-500";
  return "bg-sky-400";
}

/** "policy Storage on-call", "receiver ops-mail": what paged, by name (its id once deleted). */
export function routeText(page: Pick<PageView, "routeKind" | "routeId" | "routeName">): string {
  const kind = page.routeKind === "policy" ? "policy" : "receiver";
  return `${kind} ${page.routeName ?? `${page.routeId} (deleted)`}`;
}

/** A timeline line: acts are recorded as "acknowledged by …", so their kind is not said twice. */
export function eventKindShown(event: Pick<PageEventView, "kind" | "message">): string | null {
  return event.message.startsWith(event.kind) ? null : event.kind;
}
