"use client";

import type { ReactNode } from "react";
import type { NodeView } from "@/lib/protocol/views";
import { formatPhi } from "@/components/ui/format";
import { RelativeTime } from "@/components/ui/RelativeTime";
import { HEALTH_STYLES } from "@/components/nodes/state-colors";
import { isLive } from "@/lib/recovery/service-health";
import { nodeHealth, nodeHealthReason } from "@/lib/recovery/service-verdict";
import { PhiGauge } from "./PhiGauge";
import { NodeStateBadge } from "./StateBadge";

const SERVICE_TEXT = { ok: "text-green-400", degraded: "text-amber-300", down: "text-red-300" } as const;
const SERVICE_LABEL = { ok: "ok", degraded: "degraded", down: "down" } as const;

/** The service's verdict; on a silent node only its last known value, greyed, with its time. */
function ServiceLine({ node, reasonShown }: { node: NodeView; reasonShown: boolean }) {
  const service = node.service;
  if (!service) return <p className="text-sm text-zinc-400">Service: nothing reported yet.</p>;
  if (!isLive(node.state)) {
    return (
      <p className="text-sm text-zinc-400" data-testid="node-service" data-last-known="true">
        Service <span className="italic">{SERVICE_LABEL[service.status]}</span>
        {service.reason && <span className="italic"> ({service.reason})</span>}
        {" · "}
        <RelativeTime ts={node.lastHeartbeatAt} prefix="last known" />
      </p>
    );
  }
  return (
    <p className="text-sm text-zinc-400" data-testid="node-service" data-service={service.status}>
      Service <span className={`font-medium ${SERVICE_TEXT[service.status]}`}>{SERVICE_LABEL[service.status]}</span>
      {service.reason && !reasonShown && <span className={SERVICE_TEXT[service.status]}> · {service.reason}</span>}
      {" · "}
      <RelativeTime ts={service.since} prefix="since" />
    </p>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs text-zinc-400">{label}</dt>
      <dd className="truncate text-sm text-zinc-200">{children}</dd>
    </div>
  );
}

/** Answers first what an operator asks first: what state, why, since when, how sure. */
export function NodeHeader({ node, restartBudgetExhausted = false }: { node: NodeView; restartBudgetExhausted?: boolean }) {
  const health = nodeHealth(node, restartBudgetExhausted);
  const style = HEALTH_STYLES[health];
  const reason = nodeHealthReason(node, restartBudgetExhausted);
  const labels = Object.entries(node.labels);
  return (
    <section className={`rounded-lg border bg-zinc-900/60 ${style.border}`} data-testid="node-header" data-health={health}>
      <div className="flex flex-wrap items-start justify-between gap-6 p-5">
        <div className="min-w-0 space-y-2">
          <div className="flex flex-wrap items-center gap-3">
            <NodeStateBadge node={node} size="lg" restartBudgetExhausted={restartBudgetExhausted} />
            {/* One source for "since": the detector's last state change (the service line has its own). */}
            <span className="text-sm text-zinc-400 tabular">
              {health === node.state ? "" : `agent ${HEALTH_STYLES[node.state].label.toLowerCase()} · `}
              <RelativeTime ts={node.stateSince} prefix="state changed" />
            </span>
          </div>
          <p className={`text-sm ${health === "healthy" ? "text-zinc-400" : style.text}`}>
            {/* The detector's reason is what it saw at the change ("disconnected for 3.1 s"), not a running duration. */}
            {health === node.state && health !== "healthy" && <span className="text-zinc-400">At the change: </span>}
            {reason ?? "No reason recorded."}
          </p>
          <ServiceLine node={node} reasonShown={health === "degraded" || health === "service_down"} />
          <p className="text-sm text-zinc-400">
            Last heartbeat <RelativeTime ts={node.lastHeartbeatAt} className="text-zinc-200 tabular" />
            <span className="text-zinc-400"> · </span>
            agent {node.connected ? <span className="text-green-400">connected</span> : <span className="text-red-400">disconnected</span>}
          </p>
        </div>
        <div className="w-64">
          <div className="mb-1 flex items-baseline justify-between text-sm">
            <span className="text-zinc-400">Suspicion φ</span>
            <span className="text-xl font-semibold text-zinc-100 tabular">{formatPhi(node.phi)}</span>
          </div>
          <PhiGauge phi={node.phi} />
        </div>
      </div>
      <dl className="grid grid-cols-2 gap-x-6 gap-y-3 border-t border-zinc-800 px-5 py-4 sm:grid-cols-3 lg:grid-cols-6">
        <Fact label="Hostname">{node.hostname}</Fact>
        <Fact label="Address">{node.address ?? "—"}</Fact>
        <Fact label="Zone">{node.zone ?? "—"}</Fact>
        <Fact label="Group · role">
          {node.group ?? "—"}
          {node.role && <span className="text-zinc-400"> · {node.role}</span>}
        </Fact>
        <Fact label="Agent version">{node.agentVersion ?? "—"}</Fact>
        <Fact label="Weight">{node.weight}</Fact>
        <div className="col-span-full min-w-0">
          <dt className="text-xs text-zinc-400">Labels</dt>
          <dd className="mt-1 flex flex-wrap gap-1.5">
            {labels.length === 0 ? (
              <span className="text-sm text-zinc-400">none</span>
            ) : (
              labels.map(([key, value]) => (
                <span key={key} className="rounded bg-zinc-800 px-1.5 py-0.5 font-mono text-xs text-zinc-300">
                  {key}={value}
                </span>
              ))
            )}
          </dd>
        </div>
      </dl>
    </section>
  );
}
