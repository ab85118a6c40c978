"use client";

import { useState } from "react";
import { apiFetch, buildQuery, errorMessage } from "@/components/live/api-client";
import type { ReceiverView } from "./alert-types";
import type { ReceiverAction } from "./ReceiverCard";
import type { ReceiverFormTarget } from "./use-receiver-form";

type CardMessage = { receiverId: string; tone: "info" | "error"; text: string };
type Confirming = { action: "rotate" | "delete"; receiver: ReceiverView };

/** Keeps ?receiver= in step, so a link opens the same delivery log. */
function syncUrl(receiverId: string | null): void {
  window.history.replaceState(null, "", `/receivers${buildQuery({ receiver: receiverId })}`);
}

/**
 * What an operator does on the receivers page: which receiver's log is open, the form being
 * edited, the action being confirmed, the secret shown once, and the message under a card.
 * `reload` refetches the receivers after each change.
 */
export function useReceiverActions(items: readonly ReceiverView[] | undefined, initialReceiverId: string | null, reload: () => void) {
  const [selectedId, setSelectedId] = useState<string | null>(initialReceiverId);
  const [form, setForm] = useState<ReceiverFormTarget | null>(null);
  const [confirming, setConfirming] = useState<Confirming | null>(null);
  const [secret, setSecret] = useState<{ title: string; value: string } | null>(null);
  const [message, setMessage] = useState<CardMessage | null>(null);
  const [busyId, setBusyId] = useState<string | null>(null);

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
      reload();
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
      reload();
      return;
    }
    const rotated = await apiFetch<{ secret: string }>(`${path}/rotate-secret`, { method: "POST" });
    setSecret({ title: `New signing secret for ${receiver.name}`, value: rotated.secret });
    reload();
  };

  const saved = (receiver: ReceiverView & { secret?: string }) => {
    reload();
    if (receiver.secret) setSecret({ title: `Signing secret for ${receiver.name}`, value: receiver.secret });
    setSelectedId(receiver.id);
    syncUrl(receiver.id);
  };

  return { selected, select, form, setForm, confirming, setConfirming, secret, setSecret, message, busyId, onAction, confirm, saved };
}
