import type { HookPhase } from "@/lib/recovery/hooks";

export const PHASE_HELP: Record<HookPhase, string> = {
  pre: "Asked before each matching action; answering 409, 403 or { \"allow\": false } vetoes it.",
  execute: "Performs matching actions instead of the node's agent (e.g. a cloud API restarting a VM).",
};

/** The endpoint's host is what tells hooks apart at a glance; the full URL is in the title. */
export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
