import type { VigilHealth } from "@/lib/protocol/api/problems";
import type { ConnectionView } from "./describe-connection";

const SHORT: Record<VigilHealth["conditions"][number]["kind"], string> = {
  overloaded: "Vigil overloaded",
  stalled: "Vigil stalled",
  "ingest-backlog": "ingest behind",
  "detection-grace": "detection in grace",
  "not-leader": "not leading",
  "leadership-lost": "lost leadership",
  "database-errors": "database errors",
};

/**
 * A live connection to an unhealthy Vigil is not green: amber for a grace or a lost lease, red
 * when Vigil is overloaded, stalled, behind its agents or its database refuses writes. A green
 * "Live" above a thousand false downs is worse than no indicator.
 */
export function withVigilHealth(view: ConnectionView, health: VigilHealth | null): ConnectionView {
  if (view.level !== "live" || !health) return view;
  if (health.level === "ok") return { ...view, detail: view.detail ? `Vigil healthy · ${view.detail}` : "Vigil healthy" };
  const words = health.conditions.map((c) => SHORT[c.kind]);
  return {
    level: health.level === "critical" ? "offline" : "degraded",
    title: `Live · ${words[0] ?? "Vigil unhealthy"}`,
    detail: health.verdictsReliable ? words.slice(1).join(", ") || null : "verdicts may be false",
  };
}
