import type { SwitchoverRun } from "@/lib/protocol/api/replica-groups";

/** The order an operator reads a switchover in (abort and rollback only appear when it aborted). */
const STEP_LABELS: Record<string, string> = {
  preflight: "Preflight",
  fence: "Take the next epoch",
  "pause-writes": "Pause writes on the primary",
  "catch-up": "Target catches up",
  promote: "Promote the target",
  repoint: "Re-point a replica",
  demote: "Make a replica of the old primary",
  unpause: "Unpause",
  "abort-unpause": "Abort: unpause the primary",
  rollback: "Abort: target follows back",
};

export function stepLabel(step: string): string {
  return STEP_LABELS[step] ?? step;
}

/** Still worth polling: waiting for approval or its time, or running. */
export function switchoverActive(run: SwitchoverRun | null): boolean {
  return run !== null && (run.state === "planned" || run.state === "running");
}

/** One line for the run's state: "running: catch-up done", "succeeded in 412 ms (writes paused 180 ms)". */
export function runSummary(run: SwitchoverRun): string {
  if (run.state === "planned") return run.awaiting === "admin" ? "waiting for an admin's approval" : run.awaiting === "approval" ? "waiting for approval" : run.at ? `scheduled for ${new Date(run.at).toISOString()}` : "waiting";
  if (run.state === "running") return `running: ${run.step}`;
  const last = run.timeline.at(-1);
  const total = last ? last.startMs + last.durationMs : null;
  const pause = run.writePauseMs === null ? "" : ` (writes paused ${run.writePauseMs} ms)`;
  return `${run.state}${total === null ? "" : ` in ${total} ms`}${pause}`;
}
