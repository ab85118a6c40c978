import { setImmediate as yieldToEventLoop } from "node:timers/promises";

/** Long enough to do real work, short enough that agents' acks and browsers never notice. */
const DEFAULT_BUDGET_MS = 8;

/**
 * Runs `work` over every item, yielding to the event loop whenever a slice has used its time
 * budget: O(fleet) work never holds the loop for longer than one slice.
 */
export async function forEachInSlices<T>(items: Iterable<T>, work: (item: T) => void, budgetMs = DEFAULT_BUDGET_MS): Promise<void> {
  let sliceStart = performance.now();
  let sinceCheck = 0;
  for (const item of items) {
    work(item);
    // Reading the clock costs more than a cheap item: check every few items.
    if (++sinceCheck < 16) continue;
    sinceCheck = 0;
    if (performance.now() - sliceStart < budgetMs) continue;
    await yieldToEventLoop();
    sliceStart = performance.now();
  }
}

/** Like Array.prototype.map, in slices (see forEachInSlices). */
export async function mapInSlices<T, R>(items: Iterable<T>, map: (item: T) => R, budgetMs = DEFAULT_BUDGET_MS): Promise<R[]> {
  const out: R[] = [];
  await forEachInSlices(items, (item) => out.push(map(item)), budgetMs);
  return out;
}

/** Lets the event loop run once between two pieces of a long computation. */
export const yieldOnce = (): Promise<void> => yieldToEventLoop();
