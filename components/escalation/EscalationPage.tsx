"use client";

import { useState } from "react";
import { hasRole, useCurrentUser } from "@/components/layout/CurrentUserProvider";
import { PageHeader } from "@/components/layout/PageHeader";
import { apiFetch } from "@/components/live/api-client";
import { Button } from "@/components/ui/Button";
import { ConfirmDialog } from "@/components/ui/ConfirmDialog";
import { EmptyState } from "@/components/ui/EmptyState";
import { ErrorState } from "@/components/ui/ErrorState";
import { LoadingState } from "@/components/ui/LoadingState";
import { Panel } from "@/components/ui/Panel";
import type { PolicyView } from "@/lib/protocol/api/paging";
import { PolicyChain } from "./PolicyChain";
import { PolicyEditor, type TargetOptions } from "./PolicyEditor";
import { useEscalation } from "./use-escalation";

export function EscalationPage() {
  const me = useCurrentUser();
  const isAdmin = hasRole(me, "admin");
  const { policies, schedules, receivers, onCall, users } = useEscalation(isAdmin);
  const [editing, setEditing] = useState<PolicyView | "new" | null>(null);
  const [deleting, setDeleting] = useState<PolicyView | null>(null);

  const options: TargetOptions = {
    schedule: (schedules.data?.items ?? []).map((s) => ({ id: s.id, name: s.name })),
    receiver: (receivers.data?.items ?? []).map((r) => ({ id: r.id, name: `${r.name} (${r.format})${r.enabled ? "" : ", disabled"}` })),
    user: users.data ? users.data.items.map((u) => ({ id: u.id, name: u.name ?? u.email })) : (onCall.data?.users ?? []),
  };
  const nameOf = (kind: string, id: string) => {
    if (kind === "schedule") return schedules.data?.items.find((s) => s.id === id)?.name ?? id;
    if (kind === "receiver") return receivers.data?.items.find((r) => r.id === id)?.name ?? id;
    return options.user.find((u) => u.id === id)?.name ?? onCall.data?.users.find((u) => u.id === id)?.name ?? id;
  };

  async function remove(policy: PolicyView) {
    await apiFetch(`/api/v1/escalation-policies/${encodeURIComponent(policy.id)}`, { method: "DELETE" });
    policies.reload();
  }

  const body = (() => {
    if (!policies.data) return policies.error ? <ErrorState message={policies.error} onRetry={policies.reload} /> : <LoadingState label="Loading escalation policies…" />;
    if (policies.data.items.length === 0)
      return (
        <EmptyState title="No escalation policy yet">
          Alerts go to receivers directly. A policy pages a schedule&apos;s on-call person first and escalates while nobody acknowledges.
        </EmptyState>
      );
    return (
      <ul className="grid gap-4 lg:grid-cols-2">
        {policies.data.items.map((policy) => (
          <li key={policy.id} className="flex flex-col gap-3 rounded-md border border-zinc-800 bg-zinc-900/60 p-4">
            <div className="flex flex-wrap items-center gap-2">
              <span className="font-medium text-zinc-100">{policy.name}</span>
              {!policy.enabled && <span className="rounded bg-zinc-800 px-1.5 py-0.5 text-xs text-zinc-400 ring-1 ring-zinc-700">disabled</span>}
              {policy.recoveryAware && (
                <span className="rounded bg-emerald-500/10 px-1.5 py-0.5 text-xs text-emerald-300 ring-1 ring-emerald-500/30" title="Escalation is held while Vigil's failover or restart runs; the page resolves with its outcome">
                  recovery-aware
                </span>
              )}
              <span className="text-xs text-zinc-500">
                {policy.routing.severities ? policy.routing.severities.join(", ") : "every severity"} · grouped by {(policy.routing.groupBy ?? []).join(", ") || "nothing"}
              </span>
              {isAdmin && (
                <span className="ml-auto flex gap-1">
                  <Button size="sm" onClick={() => setEditing(policy)}>
                    Edit
                  </Button>
                  <Button size="sm" variant="ghost" onClick={() => setDeleting(policy)}>
                    Delete
                  </Button>
                </span>
              )}
            </div>
            <PolicyChain policy={policy} nameOf={nameOf} />
          </li>
        ))}
      </ul>
    );
  })();

  return (
    <>
      <PageHeader
        title="Escalation"
        subtitle="Who is paged for which alerts, and who next while nobody acknowledges. A recovery-aware policy holds escalation while Vigil's failover or restart runs and resolves with its outcome."
      />
      <div className="flex flex-col gap-4 p-6">
        <Panel
          title="Escalation policies"
          actions={
            isAdmin ? (
              <Button size="sm" variant="primary" onClick={() => setEditing("new")}>
                New policy
              </Button>
            ) : (
              <span>Editing needs the admin role</span>
            )
          }
        >
          {body}
        </Panel>
      </div>
      {editing && <PolicyEditor policy={editing === "new" ? null : editing} options={options} onClose={() => setEditing(null)} onSaved={policies.reload} />}
      <ConfirmDialog
        open={deleting !== null}
        title={`Delete ${deleting?.name ?? "policy"}?`}
        confirmLabel="Delete"
        onConfirm={async () => {
          if (deleting) await remove(deleting);
        }}
        onClose={() => setDeleting(null)}
      >
        Its open pages keep running to their end; new alerts it matched go to receivers directly.
      </ConfirmDialog>
    </>
  );
}
