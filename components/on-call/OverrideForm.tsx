"use client";

import { useState } from "react";
import { Button } from "@/components/ui/Button";
import { INPUT_CLASS } from "@/components/ui/field-styles";
import { apiFetch, errorMessage } from "@/components/live/api-client";

type Option = { id: string; name: string };

/** Puts someone on call for a while over a schedule's rotations (operators and admins). */
export function OverrideForm({ schedules, people, selfId, onCreated }: { schedules: Option[]; people: Option[]; selfId: string; onCreated: () => void }) {
  const [scheduleId, setScheduleId] = useState("");
  const [userId, setUserId] = useState(selfId);
  const [hours, setHours] = useState("4");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const chosenSchedule = scheduleId || schedules[0]?.id || "";

  async function submit() {
    const length = Number(hours);
    if (!chosenSchedule || !userId || !(length > 0 && length <= 24 * 14)) {
      setError("Choose a schedule, a person and 0–336 hours.");
      return;
    }
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const startsAt = Date.now();
      await apiFetch(`/api/v1/schedules/${encodeURIComponent(chosenSchedule)}/overrides`, { method: "POST", body: { userId, startsAt, endsAt: startsAt + length * 3_600_000 } });
      setDone(`${people.find((p) => p.id === userId)?.name ?? "They"} are on call for the next ${length} h.`);
      onCreated();
    } catch (cause) {
      setError(errorMessage(cause));
    } finally {
      setBusy(false);
    }
  }

  if (schedules.length === 0) return <p className="text-sm text-zinc-400">No schedule to override yet.</p>;
  return (
    <form
      className="flex flex-wrap items-end gap-3"
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <label className="flex flex-col gap-1 text-xs text-zinc-400">
        Schedule
        <select className={INPUT_CLASS} value={chosenSchedule} onChange={(event) => setScheduleId(event.target.value)}>
          {schedules.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
      </label>
      <label className="flex flex-col gap-1 text-xs text-zinc-400">
        Who
        <select className={INPUT_CLASS} value={userId} onChange={(event) => setUserId(event.target.value)}>
          {people.map((p) => (
            <option key={p.id} value={p.id}>
              {p.id === selfId ? `${p.name} (me)` : p.name}
            </option>
          ))}
        </select>
      </label>
      <label className="flex flex-col gap-1 text-xs text-zinc-400">
        From now, for (hours)
        <input type="number" min={1} max={336} className={`${INPUT_CLASS} w-28`} value={hours} onChange={(event) => setHours(event.target.value)} />
      </label>
      <Button type="submit" variant="primary" disabled={busy}>
        {busy ? "Adding…" : "Add override"}
      </Button>
      {error && <p className="w-full text-sm text-red-300">{error}</p>}
      {done && <p className="w-full text-sm text-emerald-300">{done}</p>}
    </form>
  );
}
