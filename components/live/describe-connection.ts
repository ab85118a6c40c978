import { formatClock, formatDuration } from "@/components/ui/format";
import type { ConnectionState } from "./LiveSocketProvider";

/** Short blips are "reconnecting"; past this the operator should treat the screen as stale. */
export const OFFLINE_AFTER_MS = 10_000;

export type ConnectionView = { level: "live" | "degraded" | "offline"; title: string; detail: string | null };

export function describeConnection(connection: ConnectionState, now: number): ConnectionView {
  if (connection.phase === "connected") return { level: "live", title: "Live", detail: `connected ${formatClock(connection.since)}` };
  if (connection.phase === "connecting" && connection.connectCount === 0 && !connection.browserOffline) {
    return { level: "degraded", title: "Connecting…", detail: null };
  }
  const downFor = now - connection.since;
  if (!connection.browserOffline && downFor < OFFLINE_AFTER_MS) {
    return { level: "degraded", title: "Reconnecting…", detail: `lost ${formatDuration(downFor)} ago` };
  }
  return {
    level: "offline",
    title: `Offline since ${formatClock(connection.since)}`,
    detail: connection.browserOffline ? "no network · retrying" : "retrying",
  };
}
