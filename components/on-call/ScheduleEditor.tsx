"use client";

import { useState } from "react";
import { apiFetch, errorMessage } from "@/components/live/api-client";
import { Button } from "@/components/ui/Button";
import { INPUT_CLASS, LABEL_CLASS } from "@/components/ui/field-styles";
import { Modal } from "@/components/ui/Modal";
import type { ScheduleView } from "@/lib/protocol/api/paging";
import { millisToZonedInput, zonedInputToMillis } from "./format";

type Option = { id: string; name: string };
type RotationForm = { name: string; users: string[]; start: string; handoffTime: string; lengthDays: string };

const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

function emptyRotation(zone: string): RotationForm {
  const nextMorning = new Date(Date.now() + 86_400_000).setHours(9, 0, 0, 0);
  return { name: "weekly", users: [], start: millisToZonedInput(nextMorning, zone), handoffTime: "09:00", lengthDays: "7" };
}

/** Creates or replaces a schedule's name, zone and rotations (admins); its overrides stay. */
export function ScheduleEditor({ schedule, people, onClose, onSaved }: { schedule: ScheduleView | null; people: Option[]; onClose: () => void; onSaved: () => void }) {
  const [name, setName] = useState(schedule?.name ?? "");
  const [zone, setZone] = useState(schedule?.timeZone ?? browserZone());
  const [rotations, setRotations] = useState<RotationForm[]>(
    schedule
      ? schedule.rotations.map((r) => ({ name: r.name, users: [...r.users], start: millisToZonedInput(r.startsAt, schedule.timeZone), handoffTime: r.handoffTime, lengthDays: String(r.lengthDays) }))
      : [emptyRotation(zone)],
  );
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const setRotation = (index: number, patch: Partial<RotationForm>) => setRotations((rs) => rs.map((r, i) => (i === index ? { ...r, ...patch } : r)));

  async function save() {
    const body = {
      name: name.trim(),
      timeZone: zone.trim(),
      rotations: rotations.map((r) => ({ name: r.name.trim(), users: r.users, startsAt: zonedInputToMillis(r.start, zone.trim()) ?? Number.NaN, handoffTime: r.handoffTime, lengthDays: Number(r.lengthDays) })),
    };
    const broken = body.rotations.findIndex((r) => Number.isNaN(r.startsAt) || r.users.length === 0);
    if (broken >= 0) {
      setError(`Rotation ${broken + 1}: choose people and a valid start.`);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await apiFetch(schedule ? `/api/v1/schedules/${encodeURIComponent(schedule.id)}` : "/api/v1/schedules", { method: schedule ? "PUT" : "POST", body });
      onSaved();
      onClose();
    } catch (cause) {
      setError(errorMessage(cause));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open
      title={schedule ? `Edit ${schedule.name}` : "New on-call schedule"}
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" disabled={busy} onClick={() => void save()}>
            {busy ? "Saving…" : "Save"}
          </Button>
        </>
      }
    >
      <div className="flex flex-col gap-4">
        <div className="flex flex-wrap gap-3">
          <label className="flex flex-col gap-1">
            <span className={LABEL_CLASS}>Name</span>
            <input className={INPUT_CLASS} value={name} maxLength={200} onChange={(e) => setName(e.target.value)} />
          </label>
          <label className="flex flex-col gap-1">
            <span className={LABEL_CLASS}>Time zone (IANA)</span>
            <input className={INPUT_CLASS} value={zone} placeholder="Europe/Berlin" onChange={(e) => setZone(e.target.value)} />
          </label>
        </div>
        <p className="text-xs text-zinc-400">Hand-offs happen at the hand-off time in this zone, every N local days from the start, so 09:00 stays 09:00 across daylight-saving changes. The first rotation with someone on call wins.</p>
        {rotations.map((rotation, index) => (
          <fieldset key={index} className="flex flex-col gap-2 rounded-md border border-zinc-800 p-3">
            <legend className="px-1 text-xs text-zinc-400">Rotation {index + 1}{index === 0 ? " (top layer)" : ""}</legend>
            <div className="flex flex-wrap items-end gap-2">
              <label className="flex flex-col gap-1 text-xs text-zinc-400">
                Name
                <input className={`${INPUT_CLASS} w-32`} value={rotation.name} onChange={(e) => setRotation(index, { name: e.target.value })} />
              </label>
              <label className="flex flex-col gap-1 text-xs text-zinc-400">
                First shift starts ({zone})
                <input type="datetime-local" className={INPUT_CLASS} value={rotation.start} onChange={(e) => setRotation(index, { start: e.target.value })} />
              </label>
              <label className="flex flex-col gap-1 text-xs text-zinc-400">
                Hand-off
                <input type="time" className={`${INPUT_CLASS} w-28`} value={rotation.handoffTime} onChange={(e) => setRotation(index, { handoffTime: e.target.value })} />
              </label>
              <label className="flex flex-col gap-1 text-xs text-zinc-400">
                Every (days)
                <input type="number" min={1} max={28} className={`${INPUT_CLASS} w-20`} value={rotation.lengthDays} onChange={(e) => setRotation(index, { lengthDays: e.target.value })} />
              </label>
              {rotations.length > 1 && (
                <Button size="sm" variant="ghost" onClick={() => setRotations((rs) => rs.filter((_, i) => i !== index))}>
                  Remove
                </Button>
              )}
            </div>
            <label className="flex flex-col gap-1 text-xs text-zinc-400">
              People, in order (hold Ctrl/⌘ to choose several)
              <select
                multiple
                className={`${INPUT_CLASS} h-24`}
                value={rotation.users}
                onChange={(e) => setRotation(index, { users: Array.from(e.target.selectedOptions, (o) => o.value) })}
              >
                {people.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
              </select>
            </label>
          </fieldset>
        ))}
        {rotations.length < 5 && (
          <Button size="sm" className="self-start" onClick={() => setRotations((rs) => [...rs, emptyRotation(zone)])}>
            Add rotation (lower layer)
          </Button>
        )}
        {error && (
          <p role="alert" className="text-sm text-red-300">
            {error}
          </p>
        )}
      </div>
    </Modal>
  );
}
