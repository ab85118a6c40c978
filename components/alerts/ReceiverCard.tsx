"use client";

import { KeyRound, Pencil, Power, Send, Trash2 } from "lucide-react";
import type { ReactNode } from "react";
import { Button } from "@/components/ui/Button";
import { describeMatcher } from "@/components/alerts/alert-matchers";
import { formatDurationSpec } from "@/components/alerts/duration-spec";
import { formatDateTime, formatDuration, formatRelativeTime } from "@/components/ui/format";
import type { ReceiverView } from "./alert-types";
import { ReceiverFormatBadge } from "./ReceiverFormatBadge";

export type ReceiverAction = "test" | "rotate" | "edit" | "delete" | "enable";

type ReceiverCardProps = {
  receiver: ReceiverView;
  selected: boolean;
  now: number;
  canOperate: boolean;
  canAdmin: boolean;
  /** "Test queued…" or a failure, shown under the card's actions. */
  message: { tone: "info" | "error"; text: string } | null;
  busy: boolean;
  onSelect: (receiver: ReceiverView) => void;
  onAction: (action: ReceiverAction, receiver: ReceiverView) => void;
};

function Term({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt className="text-zinc-400">{label}</dt>
      <dd className="min-w-0 text-zinc-300">{children}</dd>
    </>
  );
}

function SecretList({ secrets, now }: { secrets: ReceiverView["secrets"]; now: number }) {
  const live = secrets.filter((secret) => secret.retiresAt === null || secret.retiresAt > now);
  const rotating = live.some((secret) => secret.retiresAt !== null);
  return (
    <div className="space-y-0.5">
      {live.map((secret) => (
        <div key={secret.prefix} className="flex flex-wrap items-baseline gap-x-2">
          <code className="font-mono text-[11px] text-zinc-200">{secret.prefix}…</code>
          <span className="text-zinc-400">created {formatRelativeTime(secret.createdAt, now)}</span>
          {secret.retiresAt !== null && (
            <span className="text-amber-300" title={`Still signs (as a second signature) until ${formatDateTime(secret.retiresAt)}`}>
              retires in {formatDuration(secret.retiresAt - now)}
            </span>
          )}
        </div>
      ))}
      {rotating && <p className="text-amber-300/80">Rotation in progress: webhooks carry both signatures until the old secret retires.</p>}
    </div>
  );
}

/** Signed with Standard Webhooks; the native channels use the provider's own auth (docs/channels.md). */
const SIGNED_FORMATS: readonly string[] = ["vigil", "alertmanager", "slack"];

function configText(value: unknown): string {
  if (Array.isArray(value)) return value.join(", ");
  if (typeof value === "string") return value.includes("\n") ? `${value.split("\n")[0].slice(0, 40)}…` : value;
  return JSON.stringify(value);
}

/** A channel's settings (shown to every role) and which of its secrets are set (values never come back). */
function ChannelSettings({ receiver }: { receiver: ReceiverView }) {
  const entries = Object.entries(receiver.config);
  return (
    <div className="space-y-0.5">
      {entries.map(([key, value]) => (
        <div key={key} className="flex flex-wrap gap-x-2">
          <span className="text-zinc-400">{key}</span>
          <code className="font-mono text-[11px] break-all text-zinc-200">{configText(value)}</code>
        </div>
      ))}
      {receiver.credentialKeys.length > 0 && <p className="text-zinc-400">{receiver.credentialKeys.join(", ")}: set (never shown)</p>}
    </div>
  );
}

/** One webhook receiver: where it sends, how alerts are batched for it, its secrets and actions. */
export function ReceiverCard({ receiver, selected, now, canOperate, canAdmin, message, busy, onSelect, onAction }: ReceiverCardProps) {
  const groupBy = receiver.groupBy.includes("...") ? "every label (one group per alert)" : receiver.groupBy.join(", ") || "nothing (one group)";
  return (
    <section
      className={`rounded-lg border bg-zinc-900/60 ${selected ? "border-sky-500/60 ring-1 ring-sky-500/30" : receiver.enabled ? "border-zinc-800" : "border-red-500/50"}`}
      data-receiver-id={receiver.id}
      data-receiver-name={receiver.name}
      data-enabled={receiver.enabled}
    >
      <header className="flex flex-wrap items-center gap-2 border-b border-zinc-800 px-4 py-2.5">
        <button type="button" onClick={() => onSelect(receiver)} className="min-w-0 text-left" aria-pressed={selected} title="Show this receiver's deliveries">
          <h2 className="truncate text-sm font-semibold text-zinc-100 hover:underline">{receiver.name}</h2>
        </button>
        <ReceiverFormatBadge format={receiver.format} />
        {receiver.enabled ? (
          <span className="text-xs text-green-400">enabled</span>
        ) : (
          <span className="rounded bg-red-500/20 px-1.5 py-0.5 text-[11px] font-medium text-red-300 ring-1 ring-red-500/40 ring-inset">disabled</span>
        )}
        <span className="ml-auto text-xs text-zinc-400">since {formatDateTime(receiver.createdAt).slice(0, 10)}</span>
      </header>
      <div className="space-y-3 px-4 py-3 text-xs">
        {!receiver.enabled && (
          <div className="flex flex-wrap items-center gap-2 rounded-md border border-red-500/40 bg-red-500/10 px-3 py-2 text-red-200" role="status">
            <span className="min-w-0 flex-1">
              Disabled{receiver.disabledAt ? ` ${formatRelativeTime(new Date(receiver.disabledAt).getTime(), now)}` : ""}: {receiver.disabledReason ?? "by an administrator"}. Nothing is sent to it.
            </span>
            {canAdmin && (
              <Button size="sm" onClick={() => onAction("enable", receiver)} disabled={busy}>
                <Power className="size-3.5" aria-hidden />
                Re-enable
              </Button>
            )}
          </div>
        )}
        <dl className="grid grid-cols-[7rem_1fr] gap-x-3 gap-y-1.5">
          <Term label="URL">
            <code className="font-mono text-[11px] break-all text-zinc-200">{receiver.url}</code>
            {receiver.redacted && <span className="ml-2 text-zinc-400">(path, query and credentials hidden: admins only)</span>}
          </Term>
          <Term label="Group by">{groupBy}</Term>
          <Term label="Timing">
            <span className="tabular" title="group wait · group interval · repeat interval">
              wait {formatDurationSpec(receiver.groupWait)} · interval {formatDurationSpec(receiver.groupInterval)} · repeat {formatDurationSpec(receiver.repeatInterval)}
            </span>
          </Term>
          <Term label="Sends">
            {receiver.severities ? receiver.severities.join(", ") : "all severities"}
            {receiver.sendResolved ? ", and resolutions" : ", firing only"}
            {receiver.matchers && receiver.matchers.length > 0 && <span className="font-mono text-zinc-400"> where {receiver.matchers.map(describeMatcher).join(", ")}</span>}
          </Term>
          {Object.keys(receiver.headers).length > 0 && (
            <Term label="Headers">
              {Object.keys(receiver.headers).join(", ")}
              {receiver.redacted && <span className="text-zinc-400"> (values hidden: admins only)</span>}
            </Term>
          )}
          {(Object.keys(receiver.config).length > 0 || receiver.credentialKeys.length > 0) && (
            <Term label="Channel">
              <ChannelSettings receiver={receiver} />
            </Term>
          )}
          {(receiver.titleTemplate !== null || receiver.bodyTemplate !== null) && (
            <Term label="Templates">{[receiver.titleTemplate !== null && "custom title", receiver.bodyTemplate !== null && "custom body"].filter(Boolean).join(", ")}</Term>
          )}
          <Term label="Secrets">
            {SIGNED_FORMATS.includes(receiver.format) ? <SecretList secrets={receiver.secrets} now={now} /> : <span className="text-zinc-400">not signed: the provider&apos;s own key or token authenticates</span>}
          </Term>
        </dl>
        {(canOperate || canAdmin) && (
          <div className="flex flex-wrap items-center gap-1 border-t border-zinc-800 pt-2">
            {canOperate && (
              <Button size="sm" variant="ghost" onClick={() => onAction("test", receiver)} disabled={busy || !receiver.enabled} title={receiver.enabled ? undefined : "Re-enable it first"}>
                <Send className="size-3.5" aria-hidden />
                Send test
              </Button>
            )}
            {canAdmin && (
              <>
                <Button size="sm" variant="ghost" onClick={() => onAction("rotate", receiver)} disabled={busy}>
                  <KeyRound className="size-3.5" aria-hidden />
                  Rotate secret
                </Button>
                <Button size="sm" variant="ghost" onClick={() => onAction("edit", receiver)} disabled={busy}>
                  <Pencil className="size-3.5" aria-hidden />
                  Edit
                </Button>
                <Button size="sm" variant="ghost" onClick={() => onAction("delete", receiver)} disabled={busy} className="text-red-300 hover:text-red-200">
                  <Trash2 className="size-3.5" aria-hidden />
                  Delete
                </Button>
              </>
            )}
            {message && (
              <span role={message.tone === "error" ? "alert" : "status"} className={`ml-auto ${message.tone === "error" ? "text-red-300" : "text-zinc-400"}`}>
                {message.text}
              </span>
            )}
          </div>
        )}
      </div>
    </section>
  );
}
