"use client";

import { Plus } from "lucide-react";
import { useState } from "react";
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
import { apiFetch, buildQuery, errorMessage } from "@/components/live/api-client";
import type { ReceiverView } from "./alert-types";
import { DeliveryLogPanel } from "./DeliveryLogPanel";
import { ReceiverCard, type ReceiverAction } from "./ReceiverCard";
import { ReceiverFormModal, type ReceiverFormTarget } from "./ReceiverFormModal";
import { useReceivers } from "./use-receivers";

type CardMessage = { receiverId: string; tone: "info" | "error"; text: string };
type Confirming = { action: "rotate" | "delete"; receiver: ReceiverView };

const SECRET_USAGE =
  "Verify each webhook's signature with it (Standard Webhooks: the webhook-signature header, HMAC-SHA256 over “webhook-id.webhook-timestamp.body”). Any Standard Webhooks library does this.";

/** Keeps ?receiver= in step, so a link opens the same delivery log. */
function syncUrl(receiverId: string | null): void {
  window.history.replaceState(null, "", `/receivers${buildQuery({ receiver: receiverId })}`);
}

export function ReceiversView({ initialReceiverId }: { initialReceiverId: string | null }) {
  const me = useCurrentUser();
  const canOperate = hasRole(me, "operator");
  const canAdmin = hasRole(me, "admin");
  const receivers = useReceivers();
  const now = useNow(1000);
  const [selectedId, setSelectedId] = useState<string | null>(initialReceiverId);
  const [form, setForm] = useState<ReceiverFormTarget | null>(null);
  const [confirming, setConfirming] = useState<Confirming | null>(null);
  const [secret, setSecret] = useState<{ title: string; value: string } | null>(null);
  const [message, setMessage] = useState<CardMessage | null>(null);
  const [busyId, setBusyId] = useState<string | null>(null);

  const items = receivers.data?.items;
  const selected = items?.find((receiver) => receiver.id === selectedId) ?? items?.[0] ?? null;
  const select = (receiver: ReceiverView) => {
    setSelectedId(receiver.id);
    syncUrl(receiver.id);
  };

  const run = async (receiver: ReceiverView, work: () => Promise<string>) => {
    setBusyId(receiver.id);
    setMessage(null);
    try {
      setMessage({ receiverId: receiver.id, tone: "info", text: await work() });
      receivers.reload();
    } catch (error) {
      setMessage({ receiverId: receiver.id, tone: "error", text: errorMessage(error) });
    } finally {
      setBusyId(null);
    }
  };

  const onAction = (action: ReceiverAction, receiver: ReceiverView) => {
    if (action === "edit") return setForm({ mode: "edit", receiver });
    if (action === "rotate" || action === "delete") return setConfirming({ action, receiver });
    if (action === "enable") {
      return void run(receiver, async () => {
        await apiFetch(`/api/v1/receivers/${encodeURIComponent(receiver.id)}`, { method: "PATCH", body: { enabled: true } });
        return "Re-enabled.";
      });
    }
    select(receiver);
    void run(receiver, async () => {
      const queued = await apiFetch<{ webhookId: string }>(`/api/v1/receivers/${encodeURIComponent(receiver.id)}/test`, { method: "POST" });
      return `Test queued (${queued.webhookId}); watch the log.`;
    });
  };

  const confirm = async () => {
    if (!confirming) return;
    const { action, receiver } = confirming;
    const path = `/api/v1/receivers/${encodeURIComponent(receiver.id)}`;
    if (action === "delete") {
      await apiFetch(path, { method: "DELETE" });
      if (selectedId === receiver.id) setSelectedId(null);
      receivers.reload();
      return;
    }
    const rotated = await apiFetch<{ secret: string }>(`${path}/rotate-secret`, { method: "POST" });
    setSecret({ title: `New signing secret for ${receiver.name}`, value: rotated.secret });
    receivers.reload();
  };

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
              {!canAdmin && <span className="text-zinc-500"> · adding and editing receivers needs the admin role</span>}
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
        onSaved={(saved) => {
          receivers.reload();
          if (saved.secret) setSecret({ title: `Signing secret for ${saved.name}`, value: saved.secret });
          setSelectedId(saved.id);
          syncUrl(saved.id);
        }}
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
