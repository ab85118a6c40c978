"use client";

import type { OnCallView } from "@/lib/protocol/api/paging";

const DAY_MS = 24 * 3_600_000;
const DAYS = 14;
/** A few distinguishable, meaning-free hues for people (red, amber and green mean state elsewhere). */
const PERSON_COLOURS = ["bg-sky-600/70", "bg-violet-600/70", "bg-cyan-600/70", "bg-indigo-500/70", "bg-fuchsia-600/60", "bg-teal-600/70"];

type Item = OnCallView["items"][number];

/** Fourteen days from now, one bar per shift; overrides striped and outlined. */
export function ShiftTimeline({ item, now }: { item: Item; now: number }) {
  const span = DAYS * DAY_MS;
  const people = [...new Set(item.shifts.map((s) => s.userId))];
  const colourOf = (userId: string) => PERSON_COLOURS[people.indexOf(userId) % PERSON_COLOURS.length];
  return (
    <div>
      <div className="relative h-8 w-full overflow-hidden rounded bg-zinc-900 ring-1 ring-zinc-800" role="list" aria-label={`${item.scheduleName}: shifts for the next ${DAYS} days`}>
        {Array.from({ length: DAYS - 1 }, (_, i) => (
          <div key={i} className="absolute top-0 h-full w-px bg-zinc-800" style={{ left: `${((i + 1) / DAYS) * 100}%` }} aria-hidden />
        ))}
        {item.shifts.map((shift) => (
          <div
            key={`${shift.userId}-${shift.startsAt}`}
            role="listitem"
            title={`${shift.userName}${shift.overrideId ? " (override)" : shift.rotation ? ` (${shift.rotation})` : ""}: ${new Date(shift.startsAt).toLocaleString()} – ${new Date(shift.endsAt).toLocaleString()}`}
            className={`absolute top-1 bottom-1 flex items-center overflow-hidden rounded-sm px-1 text-[11px] whitespace-nowrap text-zinc-50 ${colourOf(shift.userId)} ${
              shift.overrideId ? "bg-[repeating-linear-gradient(45deg,transparent,transparent_4px,rgba(0,0,0,0.25)_4px,rgba(0,0,0,0.25)_8px)] ring-2 ring-amber-300/80" : ""
            }`}
            style={{ left: `${((shift.startsAt - now) / span) * 100}%`, width: `${Math.max(0.3, ((shift.endsAt - shift.startsAt) / span) * 100)}%` }}
          >
            {shift.userName}
          </div>
        ))}
      </div>
      <div className="mt-1 flex justify-between text-[11px] text-zinc-500" aria-hidden>
        <span>now</span>
        <span>+7 d</span>
        <span>+14 d</span>
      </div>
    </div>
  );
}
