"use client";

import { useMemo, useState } from "react";
import type { FormEvent } from "react";
import { FormError } from "@/components/auth/FormError";
import { apiFetch, errorMessage } from "@/components/live/api-client";
import { Button } from "@/components/ui/Button";
import { Modal } from "@/components/ui/Modal";
import { SegmentedControl } from "@/components/ui/SegmentedControl";
import { INPUT_CLASS, LABEL_CLASS } from "@/components/ui/field-styles";
import { formatDateTime } from "@/components/ui/format";
import { WEEKDAYS, type MaintenanceWindow, type Weekday } from "@/lib/alerts/maintenance";
import { maintenanceRequest, type MaintenanceDraft, type MaintenanceKind } from "./maintenance-form";
import { toDateTimeLocal } from "./silence-time";

type MaintenanceFormModalProps = { open: boolean; onClose: () => void; onCreated: (window: MaintenanceWindow) => void };

const KINDS: readonly { value: MaintenanceKind; label: string }[] = [
  { value: "once", label: "One-off" },
  { value: "weekly", label: "Weekly" },
  { value: "cron", label: "Cron" },
];
const TARGET_KINDS: readonly { value: "node" | "group"; label: string }[] = [
  { value: "group", label: "Replica group" },
  { value: "node", label: "Node" },
];

function freshDraft(now: number): MaintenanceDraft {
  return {
    targetKind: "group",
    target: "",
    kind: "once",
    startsAt: toDateTimeLocal(now),
    endsAt: toDateTimeLocal(now + 2 * 3_600_000),
    days: ["sun"],
    at: "02:00",
    cron: "0 2 * * 0",
    durationMinutes: "120",
    timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    comment: "",
  };
}

function MaintenanceForm({ onClose, onCreated }: Omit<MaintenanceFormModalProps, "open">) {
  const [draft, setDraft] = useState<MaintenanceDraft>(() => freshDraft(Date.now()));
  const [pending, setPending] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const set = <K extends keyof MaintenanceDraft>(key: K, value: MaintenanceDraft[K]) => setDraft((current) => ({ ...current, [key]: value }));
  const result = useMemo(() => maintenanceRequest(draft, Date.now()), [draft]);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if ("problem" in result) return setFailure(result.problem);
    setPending(true);
    setFailure(null);
    try {
      onCreated(await apiFetch<MaintenanceWindow>("/api/v1/maintenance", { method: "POST", body: result.body }));
      onClose();
    } catch (error) {
      setFailure(errorMessage(error));
    } finally {
      setPending(false);
    }
  };

  // A one-off end (two hours from now) left in "valid until" would leave a recurring window no occurrence.
  const changeKind = (kind: MaintenanceKind) =>
    setDraft((current) => ({
      ...current,
      kind,
      endsAt: kind === "once" ? current.endsAt || toDateTimeLocal(Date.now() + 2 * 3_600_000) : current.kind === "once" ? "" : current.endsAt,
    }));
  const toggleDay = (day: Weekday) => set("days", draft.days.includes(day) ? draft.days.filter((d) => d !== day) : [...draft.days, day]);
  const recurring = draft.kind !== "once";
  return (
    <form onSubmit={submit} className="space-y-4" aria-label="New maintenance window">
      <div className="space-y-1.5">
        <span className={LABEL_CLASS}>Target</span>
        <div className="flex flex-wrap items-center gap-2">
          <SegmentedControl label="Target kind" options={TARGET_KINDS} value={draft.targetKind} onChange={(value) => set("targetKind", value)} />
          <input aria-label="Target name" className={`${INPUT_CLASS} flex-1`} value={draft.target} placeholder={draft.targetKind === "group" ? "kv-3" : "kv-3-a"} onChange={(event) => set("target", event.target.value)} />
        </div>
      </div>
      <div className="space-y-1.5">
        <span className={LABEL_CLASS}>When</span>
        <SegmentedControl label="Recurrence" options={KINDS} value={draft.kind} onChange={changeKind} />
      </div>
      {draft.kind === "weekly" && (
        <div className="flex flex-wrap items-center gap-2 text-sm text-zinc-300">
          {WEEKDAYS.map((day) => (
            <label key={day} className="flex items-center gap-1">
              <input type="checkbox" checked={draft.days.includes(day)} onChange={() => toggleDay(day)} />
              {day[0].toUpperCase() + day.slice(1)}
            </label>
          ))}
          <input type="time" aria-label="Starts at (wall clock)" className={`${INPUT_CLASS} [color-scheme:dark]`} value={draft.at} onChange={(event) => set("at", event.target.value)} />
        </div>
      )}
      {draft.kind === "cron" && (
        <label className="block space-y-1">
          <span className="text-xs text-zinc-400">Cron (5 fields: minute hour day-of-month month day-of-week)</span>
          <input className={`${INPUT_CLASS} w-full font-mono`} value={draft.cron} onChange={(event) => set("cron", event.target.value)} spellCheck={false} />
        </label>
      )}
      {recurring && (
        <div className="grid grid-cols-2 gap-2">
          <label className="space-y-1">
            <span className="text-xs text-zinc-400">Each lasts (minutes)</span>
            <input type="number" min={1} max={10080} className={`${INPUT_CLASS} w-full`} value={draft.durationMinutes} onChange={(event) => set("durationMinutes", event.target.value)} />
          </label>
          <label className="space-y-1">
            <span className="text-xs text-zinc-400">Time zone (IANA)</span>
            <input className={`${INPUT_CLASS} w-full`} value={draft.timeZone} onChange={(event) => set("timeZone", event.target.value)} spellCheck={false} />
          </label>
        </div>
      )}
      <div className="grid grid-cols-2 gap-2">
        <label className="space-y-1">
          <span className="text-xs text-zinc-400">{recurring ? "Valid from" : "Starts"}</span>
          <input type="datetime-local" className={`${INPUT_CLASS} w-full [color-scheme:dark]`} value={draft.startsAt} onChange={(event) => set("startsAt", event.target.value)} />
        </label>
        <label className="space-y-1">
          <span className="text-xs text-zinc-400">{recurring ? "Valid until (empty: until ended)" : "Ends"}</span>
          <input type="datetime-local" className={`${INPUT_CLASS} w-full [color-scheme:dark]`} value={draft.endsAt} onChange={(event) => set("endsAt", event.target.value)} />
        </label>
      </div>
      <div className="rounded-md border border-zinc-800 bg-zinc-900/60 p-3 text-xs" aria-live="polite">
        {"problem" in result ? (
          <span className="text-amber-300">{result.problem}</span>
        ) : result.occurrences.length === 0 ? (
          <span className="text-amber-300">This window would never be active.</span>
        ) : (
          <>
            <span className="text-zinc-400">Next occurrences (your local time):</span>
            <ul className="mt-1 space-y-0.5 text-zinc-200 tabular">
              {result.occurrences.map((occurrence) => (
                <li key={occurrence.start}>
                  {formatDateTime(occurrence.start)} → {formatDateTime(occurrence.end)}
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
      <label className="block space-y-1">
        <span className={LABEL_CLASS}>
          Comment <span className="normal-case text-zinc-400">(required)</span>
        </span>
        <textarea rows={2} maxLength={1000} className={`${INPUT_CLASS} h-auto w-full py-2`} value={draft.comment} placeholder="Why, e.g. weekly OS patching (TICKET-123)" onChange={(event) => set("comment", event.target.value)} />
      </label>
      <FormError message={failure} />
      <div className="flex justify-end gap-2 border-t border-zinc-800 pt-3">
        <Button onClick={onClose} disabled={pending}>
          Cancel
        </Button>
        <Button type="submit" variant="primary" disabled={pending}>
          {pending ? "Creating…" : "Create window"}
        </Button>
      </div>
    </form>
  );
}

/** New maintenance window: one-off, weekly or cron, with its next occurrences. Fresh per opening. */
export function MaintenanceFormModal({ open, onClose, onCreated }: MaintenanceFormModalProps) {
  return (
    <Modal open={open} title="New maintenance window" onClose={onClose}>
      {open && <MaintenanceForm onClose={onClose} onCreated={onCreated} />}
    </Modal>
  );
}
