"use client";

import { useSyncExternalStore } from "react";
import { describeTime } from "./format";

/**
 * One ticking clock for every RelativeTime on the page: a table of 200 times costs one interval,
 * not 200. It runs only while something shows a time.
 */
const TICK_MS = 1000;
const listeners = new Set<() => void>();
let tick = Date.now();
let timer: ReturnType<typeof setInterval> | undefined;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  // After a quiet spell the first subscriber must not see an old tick (React re-reads it after subscribing).
  if (timer === undefined) tick = Date.now();
  timer ??= setInterval(() => {
    tick = Date.now();
    for (const notify of listeners) notify();
  }, TICK_MS);
  return () => {
    listeners.delete(listener);
    if (listeners.size > 0 || timer === undefined) return;
    clearInterval(timer);
    timer = undefined;
  };
}

const currentTick = () => tick;

type RelativeTimeProps = {
  ts: number | null | undefined;
  /** A clock the caller already ticks (a table's rows share one); otherwise the shared one. */
  now?: number;
  className?: string;
  /** Words before the time ("since", "last known") that belong to the same tooltip. */
  prefix?: string;
};

/** "3 min ago", with the absolute local time and ISO on hover; keeps moving. */
export function RelativeTime({ ts, now, className, prefix }: RelativeTimeProps) {
  const ticking = useSyncExternalStore(subscribe, currentTick, currentTick);
  const described = describeTime(ts, now ?? ticking);
  return (
    <time dateTime={described.iso ?? undefined} title={described.title} className={className} suppressHydrationWarning data-testid="relative-time">
      {prefix ? `${prefix} ` : ""}
      {described.text}
    </time>
  );
}
