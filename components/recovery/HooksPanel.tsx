"use client";

import { useState } from "react";
import { SecretRevealModal } from "@/components/settings/SecretRevealModal";
import { Button } from "@/components/ui/Button";
import { ConfirmDialog } from "@/components/ui/ConfirmDialog";
import { DataTable, type Column } from "@/components/ui/DataTable";
import { EmptyState } from "@/components/ui/EmptyState";
import { ErrorState } from "@/components/ui/ErrorState";
import { LoadingState } from "@/components/ui/LoadingState";
import { Panel } from "@/components/ui/Panel";
import type { RecoveryHookView } from "@/lib/protocol/api/recovery";
import { AddHookDialog } from "./AddHookDialog";
import { hostOf, PHASE_HELP } from "./hook-phases";
import { useRecoveryHooks } from "./use-recovery-hooks";

function hookColumns(canAdmin: boolean, toggle: (hook: RecoveryHookView) => void, remove: (hook: RecoveryHookView) => void): Column<RecoveryHookView>[] {
  return [
    {
      key: "name",
      header: "Name",
      className: "font-medium",
      cell: (hook) => (
        <>
          {hook.name}
          {!hook.enabled && <span className="ml-2 rounded-full bg-zinc-800 px-2 py-0.5 text-xs font-normal text-zinc-400">disabled</span>}
        </>
      ),
    },
    {
      key: "phase",
      header: "Phase",
      className: "whitespace-nowrap",
      cellProps: (hook) => ({ title: PHASE_HELP[hook.phase] }),
      cell: (hook) => (
        <>
          {hook.phase}
          {hook.phase === "pre" && <span className="text-xs text-zinc-400"> · on error {hook.onError}</span>}
        </>
      ),
    },
    {
      key: "applies",
      header: "Applies to",
      className: "font-mono text-xs text-zinc-400",
      cell: (hook) => (
        <>
          {hook.actionKinds.length ? hook.actionKinds.join(", ") : "all kinds"}
          {hook.groupIds.length > 0 && <span> in {hook.groupIds.join(", ")}</span>}
        </>
      ),
    },
    {
      key: "endpoint",
      header: "Endpoint",
      className: "font-mono text-xs text-zinc-400",
      cellProps: (hook) => ({ title: hook.redacted ? `${hook.url} (the full URL is shown to admins only)` : hook.url }),
      cell: (hook) => (
        <>
          {hostOf(hook.url)}
          <span className="text-zinc-400"> · {hook.timeoutMs} ms</span>
        </>
      ),
    },
    {
      key: "actions",
      header: null,
      srHeader: "Actions",
      align: "right",
      className: "whitespace-nowrap",
      cell: (hook) =>
        canAdmin && (
          <>
            <Button size="sm" variant="ghost" onClick={() => toggle(hook)}>
              {hook.enabled ? "Disable" : "Enable"}
            </Button>
            <Button size="sm" variant="ghost" onClick={() => remove(hook)}>
              Delete
            </Button>
          </>
        ),
    },
  ];
}

/**
 * HTTP hooks around recovery actions: pre hooks that can veto, execute hooks that act for the agent.
 * Adding, changing and deleting them is for admins (they decide where Vigil sends signed requests).
 */
export function HooksPanel({ canAdmin }: { canAdmin: boolean }) {
  const { hooks, items, failure, toggle, deleting, setDeleting, confirmDelete, secret, dismissSecret, created } = useRecoveryHooks();
  const [adding, setAdding] = useState(false);

  return (
    <Panel
      title="Hooks"
      actions={
        canAdmin ? (
          <Button size="sm" onClick={() => setAdding(true)} data-testid="recovery-hook-add">
            Add hook
          </Button>
        ) : (
          <span>adding and changing hooks needs the admin role</span>
        )
      }
      bodyClassName="p-0"
    >
      {!hooks.data ? (
        hooks.error ? <ErrorState message={hooks.error} onRetry={hooks.reload} className="h-24" /> : <LoadingState className="h-24" />
      ) : items.length === 0 ? (
        <EmptyState title="No recovery hooks" className="h-24">
          Actions run through the nodes&apos; agents. A pre hook can veto actions; an execute hook can perform them through an HTTP API.
        </EmptyState>
      ) : (
        <DataTable
          testId="recovery-hooks"
          density="normal"
          columns={hookColumns(canAdmin, (hook) => void toggle(hook), setDeleting)}
          rows={items}
          rowKey={(hook) => hook.id}
          rowProps={(hook) => ({ "data-hook-name": hook.name, className: hook.enabled ? undefined : "text-zinc-400" })}
        />
      )}
      {failure && <p className="px-4 py-2 text-xs text-red-300">{failure}</p>}
      {canAdmin && (
        <AddHookDialog
          open={adding}
          onClose={() => setAdding(false)}
          onCreated={(newSecret) => {
            setAdding(false);
            created(newSecret);
          }}
        />
      )}
      <ConfirmDialog
        open={deleting !== null}
        title={deleting ? `Delete hook ${deleting.name}?` : "Delete hook?"}
        confirmLabel="Delete"
        onConfirm={confirmDelete}
        onClose={() => setDeleting(null)}
      >
        {deleting?.phase === "pre" ? "Matching actions will no longer be checked by this hook before they run." : "Matching actions will be sent to the nodes' agents again."}
      </ConfirmDialog>
      <SecretRevealModal
        secret={secret}
        title="Hook signing secret"
        usage="Requests to this hook are signed with it (Standard Webhooks: webhook-id, webhook-timestamp, webhook-signature). Verify every request with it before acting."
        storage="signing"
        onClose={dismissSecret}
      />
    </Panel>
  );
}
