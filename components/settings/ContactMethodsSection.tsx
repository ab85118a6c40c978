"use client";

import { useState } from "react";
import { hasRole, useCurrentUser } from "@/components/layout/CurrentUserProvider";
import { apiFetch, errorMessage } from "@/components/live/api-client";
import { useApiResource } from "@/components/live/use-api-resource";
import { Button } from "@/components/ui/Button";
import { EmptyState } from "@/components/ui/EmptyState";
import { ErrorState } from "@/components/ui/ErrorState";
import { INPUT_CLASS, LABEL_CLASS, SELECT_CLASS } from "@/components/ui/field-styles";
import { LoadingState } from "@/components/ui/LoadingState";
import { Panel } from "@/components/ui/Panel";
import type { ReceiverList } from "@/lib/protocol/api/alerts";
import type { ContactMethodView } from "@/lib/protocol/api/paging";

/**
 * The logged-in user's contact methods: how an escalation step that names them, or a schedule
 * they are on call for, reaches them. Operators manage their own; viewers only see them.
 */
export function ContactMethodsSection() {
  const me = useCurrentUser();
  const canEdit = hasRole(me, "operator");
  const contacts = useApiResource<{ items: ContactMethodView[] }>(`/api/v1/users/${encodeURIComponent(me.id)}/contacts`);
  const receivers = useApiResource<ReceiverList>("/api/v1/receivers");
  const [kind, setKind] = useState<"email" | "channel">("email");
  const [receiverId, setReceiverId] = useState("");
  const [address, setAddress] = useState(me.email);
  const [label, setLabel] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const usable = (receivers.data?.items ?? []).filter((r) => (kind === "email" ? r.format === "email" : r.format !== "email"));
  const chosen = usable.some((r) => r.id === receiverId) ? receiverId : (usable[0]?.id ?? "");
  const receiverName = (id: string) => receivers.data?.items.find((r) => r.id === id)?.name ?? id;

  async function add() {
    setBusy(true);
    setError(null);
    try {
      const body = kind === "email" ? { kind, receiverId: chosen, address, label } : { kind, receiverId: chosen, label };
      await apiFetch(`/api/v1/users/${encodeURIComponent(me.id)}/contacts`, { method: "POST", body });
      setLabel("");
      contacts.reload();
    } catch (cause) {
      setError(errorMessage(cause));
    } finally {
      setBusy(false);
    }
  }

  async function remove(id: string) {
    setError(null);
    try {
      await apiFetch(`/api/v1/users/${encodeURIComponent(me.id)}/contacts/${encodeURIComponent(id)}`, { method: "DELETE" });
      contacts.reload();
    } catch (cause) {
      setError(errorMessage(cause));
    }
  }

  const list = (() => {
    if (!contacts.data) return contacts.error ? <ErrorState message={contacts.error} onRetry={contacts.reload} className="h-24" /> : <LoadingState label="Loading contact methods…" className="h-24" />;
    if (contacts.data.items.length === 0)
      return (
        <EmptyState title="No contact methods" className="h-24">
          A schedule or policy that pages you reaches nobody: the page records it and escalates.
        </EmptyState>
      );
    return (
      <ul className="flex flex-col divide-y divide-zinc-800">
        {contacts.data.items.map((c) => (
          <li key={c.id} className="flex items-center justify-between gap-3 py-2 text-sm">
            <span className="text-zinc-200">
              {c.kind === "email" ? `E-mail ${c.address ?? "(hidden)"}` : `Channel`} <span className="text-zinc-500">through receiver {receiverName(c.receiverId)}</span>
              {c.label && <span className="ml-2 text-xs text-zinc-400">{c.label}</span>}
            </span>
            {canEdit && (
              <Button size="sm" variant="ghost" onClick={() => void remove(c.id)} aria-label={`Remove contact method ${c.label || c.id}`}>
                Remove
              </Button>
            )}
          </li>
        ))}
      </ul>
    );
  })();

  return (
    <Panel title="My contact methods">
      <p className="mb-3 text-sm text-zinc-400">
        How Vigil pages you when an escalation policy names you or a schedule has you on call: an e-mail address sent through an e-mail receiver&apos;s SMTP settings, or a channel receiver
        (Slack, PagerDuty, ntfy…) as it is.
      </p>
      {list}
      {canEdit && (
        <form
          className="mt-4 flex flex-wrap items-end gap-3"
          onSubmit={(event) => {
            event.preventDefault();
            void add();
          }}
        >
          <label className="flex flex-col gap-1">
            <span className={LABEL_CLASS}>Kind</span>
            <select className={SELECT_CLASS} value={kind} onChange={(event) => setKind(event.target.value === "channel" ? "channel" : "email")}>
              <option value="email">E-mail</option>
              <option value="channel">Channel receiver</option>
            </select>
          </label>
          <label className="flex flex-col gap-1">
            <span className={LABEL_CLASS}>Receiver</span>
            <select className={SELECT_CLASS} value={chosen} onChange={(event) => setReceiverId(event.target.value)}>
              {usable.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.name} ({r.format})
                </option>
              ))}
            </select>
          </label>
          {kind === "email" && (
            <label className="flex flex-col gap-1">
              <span className={LABEL_CLASS}>Address</span>
              <input type="email" required className={`${INPUT_CLASS} w-64`} value={address} onChange={(event) => setAddress(event.target.value)} />
            </label>
          )}
          <label className="flex flex-col gap-1">
            <span className={LABEL_CLASS}>Label</span>
            <input className={`${INPUT_CLASS} w-40`} value={label} maxLength={100} placeholder="e.g. work phone" onChange={(event) => setLabel(event.target.value)} />
          </label>
          <Button type="submit" variant="primary" disabled={busy || !chosen}>
            {busy ? "Adding…" : "Add"}
          </Button>
          {!chosen && receivers.data && <p className="w-full text-xs text-amber-300">No {kind === "email" ? "e-mail" : "channel"} receiver yet: an admin creates one on the Receivers page.</p>}
        </form>
      )}
      {error && <p className="mt-2 text-sm text-red-300">{error}</p>}
    </Panel>
  );
}
