import { DID_NOT_HEAL } from "@/lib/recovery/service-verdict";

/**
 * The one place recovery colours live: running blue, succeeded green, failed/timed out red,
 * blocked/frozen amber, waiting grey. Plans, steps, approvals and the audit log all agree.
 */

export type RecoveryTone = "running" | "success" | "failure" | "held" | "waiting" | "muted";

export type ToneStyle = {
  /** Small pill. */
  badge: string;
  /** Text in the tone's colour. */
  text: string;
  /** Left border / outline of a card in this tone. */
  border: string;
  /** Solid fill (bar segments, dots). */
  solid: string;
  /** Coloured left edge of a card whose other borders stay neutral. */
  edge: string;
};

export const TONE_STYLES: Record<RecoveryTone, ToneStyle> = {
  running: { badge: "bg-blue-500/15 text-blue-300 ring-1 ring-inset ring-blue-500/40", text: "text-blue-300", border: "border-blue-500/50", solid: "bg-blue-500", edge: "border-l-blue-500" },
  success: { badge: "bg-green-500/15 text-green-300 ring-1 ring-inset ring-green-500/30", text: "text-green-400", border: "border-green-500/40", solid: "bg-green-500", edge: "border-l-green-500" },
  failure: { badge: "bg-red-500/20 text-red-300 ring-1 ring-inset ring-red-500/50", text: "text-red-400", border: "border-red-500/60", solid: "bg-red-500", edge: "border-l-red-500" },
  held: { badge: "bg-amber-500/15 text-amber-300 ring-1 ring-inset ring-amber-500/40", text: "text-amber-300", border: "border-amber-500/50", solid: "bg-amber-500", edge: "border-l-amber-500" },
  waiting: { badge: "bg-zinc-500/15 text-zinc-300 ring-1 ring-inset ring-zinc-500/40", text: "text-zinc-300", border: "border-zinc-600", solid: "bg-zinc-500", edge: "border-l-zinc-500" },
  muted: { badge: "bg-zinc-800 text-zinc-400 ring-1 ring-inset ring-zinc-700", text: "text-zinc-400", border: "border-zinc-800", solid: "bg-zinc-700", edge: "border-l-zinc-700" },
};

const ACTION_TONES: Record<string, RecoveryTone> = {
  planned: "waiting",
  running: "running",
  succeeded: "success",
  failed: "failure",
  timed_out: "failure",
  blocked: "held",
  cancelled: "muted",
};

const ACTION_LABELS: Record<string, string> = {
  planned: "planned",
  running: "running",
  succeeded: "succeeded",
  failed: "failed",
  timed_out: "timed out",
  blocked: "blocked",
  cancelled: "cancelled",
};

/** A restart that ran (the agent said so) but left the service sick: amber, not a green "succeeded". */
export function didNotHeal(state: string, outcome?: string | null): boolean {
  return state === "succeeded" && (outcome?.startsWith(DID_NOT_HEAL) ?? false);
}

/** An action's state (planned|running|succeeded|failed|timed_out|blocked|cancelled); unknown states read as waiting. */
export function actionTone(state: string, outcome?: string | null): RecoveryTone {
  if (didNotHeal(state, outcome)) return "held";
  return ACTION_TONES[state] ?? "waiting";
}

export function actionStateLabel(state: string, outcome?: string | null): string {
  if (didNotHeal(state, outcome)) return "did not heal";
  return ACTION_LABELS[state] ?? state.replaceAll("_", " ");
}

const PLAN_TONES: Record<string, RecoveryTone> = { active: "running", completed: "success", failed: "failure", cancelled: "muted" };

export function planTone(state: string): RecoveryTone {
  return PLAN_TONES[state] ?? "waiting";
}

/** Audit outcomes are free text ("awaiting approval", "succeeded", "dry-run", "cancelled", "ok", …). */
export function auditOutcomeTone(outcome: string): RecoveryTone {
  const text = outcome.toLowerCase();
  if (/did.not.heal/.test(text)) return "held";
  if (/fail|timed_out|timed out|error|refused|rejected/.test(text)) return "failure";
  if (/succeeded|completed|^ok$|approved|saved/.test(text)) return "success";
  if (/running|requested/.test(text)) return "running";
  if (/blocked|frozen|awaiting|escalat/.test(text)) return "held";
  if (/dry-run|cancelled/.test(text)) return "muted";
  return "waiting";
}

export const MODE_DESCRIPTIONS: Record<string, string> = {
  off: "Vigil detects but never plans or acts.",
  "dry-run": "Vigil plans and records what it would do, and does nothing.",
  approval: "Vigil plans; an operator approves each action before it runs.",
  auto: "Vigil plans and acts on its own, within the guards.",
};

const MODE_TONES: Record<string, RecoveryTone> = { off: "muted", "dry-run": "waiting", approval: "held", auto: "running" };

export function modeTone(mode: string): RecoveryTone {
  return MODE_TONES[mode] ?? "waiting";
}

const FREEZE_LABELS: Record<string, string> = { "kill-switch": "Kill switch", "self-check": "Self-check", "blast-radius": "Blast radius" };

export function freezeKindLabel(kind: string): string {
  return FREEZE_LABELS[kind] ?? kind;
}

/** "anti-flap" → "Anti-flap", "no-candidate" → "No candidate". */
export function humanizeBlockKind(kind: string): string {
  if (kind === "anti-flap") return "Anti-flap";
  const words = kind.replaceAll(/[-_]/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}
