"use client";

import { Plus } from "lucide-react";
import { hasRole, useCurrentUser } from "@/components/layout/CurrentUserProvider";
import { PageHeader } from "@/components/layout/PageHeader";
import { useNow } from "@/components/live/use-now";
import { SecretRevealModal } from "@/components/settings/SecretRevealModal";
import { Button } from "@/components/ui/Button";
import { ConfirmDialog } from "@/components/ui/ConfirmDialog";
import { EmptyState } from "@/components/ui/EmptyState";
import { ErrorState } from "@/components/ui/ErrorState";
import { LoadingState } from "@/components/ui/LoadingState";
import { Panel } from "@/components/ui/Panel";
import { DeliveryLogPanel } from "./DeliveryLogPanel";
import { ReceiverCard } from "./ReceiverCard";
import { ReceiverFormModal } from "./ReceiverFormModal";
import { useReceiverActions } from "./use-receiver-actions";
import { useReceivers } from "./use-receivers";

const SECRET_USAGE =
  "Verify each webhook's signature with it (Standard Webhooks: the webhook-signature header, HMAC-SHA256 over “webhook-id.webhook-timestamp.body”). Any Standard Webhooks library does this.";

export function ReceiversView({ initialReceiverId }: { initialReceiverId: string | null }) {
  const me = useCurrentUser();
  const canOperate = hasRole(me, "operator");
  const canAdmin = hasRole(me, "admin");
  const receivers = useReceivers();
  const now = useNow(1000);
  const { selected, select, form, setForm, confirming, setConfirming, secret, setSecret, message, busyId, onAction, confirm, saved } = useReceiverActions(
    receivers.data?.items,
    initialReceiverId,
    receivers.reload,
  );
  const items = receivers.data?.items;

  const list = (() => {
    if (!items) return receivers.error ? <ErrorState message={receivers.error} onRetry={receivers.reload} className="h-64" /> : <LoadingState label="Loading receivers…" className="h-64" />;
    if (items.length === 0) {
      return (
        <Panel>
          <EmptyState title="No receivers yet" className="h-48">
            {canAdmin ? "Add one to send alerts to a webhook: your pager bridge, chat, or a script." : "An administrator can add one."}
          </EmptyState>
        </Panel>
      );
    }
    return (
      <div className="flex flex-col gap-3">
        {items.map((receiver) => (
          <ReceiverCard
            key={receiver.id}
            receiver={receiver}
            selected={receiver.id === selected?.id}
            now={now}
            canOperate={canOperate}
            canAdmin={canAdmin}
            message={message?.receiverId === receiver.id ? message : null}
            busy={busyId === receiver.id}
            onSelect={select}
            onAction={onAction}
          />
        ))}
      </div>
    );
  })();

  const disabled = items?.filter((receiver) => !receiver.enabled).length ?? 0;
  return (
    <>
      <PageHeader
        title="Receivers"
        subtitle={
          items ? (
            <span>
              {items.length} {items.length === 1 ? "webhook" : "webhooks"} alerts are sent to, signed
              {disabled > 0 && <span className="text-red-300"> · {disabled} disabled</span>}
              {!canAdmin && <span className="text-zinc-400"> · adding and editing receivers needs the admin role</span>}
            </span>
          ) : (
            "Webhooks that alerts are sent to."
          )
        }
        actions={
          canAdmin && (
            <Button variant="primary" onClick={() => setForm({ mode: "create" })}>
              <Plus className="size-4" aria-hidden />
              New receiver
            </Button>
          )
        }
      />
      <div className="grid items-start gap-4 p-6 2xl:grid-cols-[minmax(0,30rem)_minmax(0,1fr)]">
        <div className="min-w-0">{list}</div>
        {selected && (
          <div className="min-w-0">
            <DeliveryLogPanel key={selected.id} receiver={selected} now={now} />
          </div>
        )}
      </div>
      <ReceiverFormModal
        target={form}
        onClose={() => setForm(null)}
        onSaved={saved}
      />
      <SecretRevealModal secret={secret?.value ?? null} title={secret?.title ?? ""} usage={SECRET_USAGE} storage="signing" onClose={() => setSecret(null)} />
      <ConfirmDialog
        open={confirming !== null}
        title={confirming?.action === "delete" ? "Delete receiver" : "Rotate signing secret"}
        confirmLabel={confirming?.action === "delete" ? "Delete" : "Rotate"}
        onClose={() => setConfirming(null)}
        onConfirm={confirm}
      >
        {confirming?.action === "delete" ? (
          <>
            Delete <strong className="text-zinc-100">{confirming.receiver.name}</strong>? Nothing more is sent to it and its pending deliveries are dropped.
          </>
        ) : (
          <>
            Create a new secret for <strong className="text-zinc-100">{confirming?.receiver.name}</strong>? Webhooks are signed with both the new and the old one for 24 hours, so
            the receiver can switch without missing any.
          </>
        )}
      </ConfirmDialog>
    </>
  );
}
