/** Shared look of text inputs and selects, so every filter bar lines up at the same height. */
export const INPUT_CLASS =
  "h-9 rounded-md border border-zinc-700 bg-zinc-950 px-3 text-sm text-zinc-100 placeholder:text-zinc-400 focus:border-sky-500 focus:outline-none focus:ring-1 focus:ring-sky-500 disabled:opacity-50";

export const SELECT_CLASS = `${INPUT_CLASS} pr-8`;

export const LABEL_CLASS = "text-xs font-medium uppercase tracking-wide text-zinc-400";
