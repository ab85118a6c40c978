import type { PlannerState } from "./state";
import type { Block, PlannedAction, RecoveryEvent } from "./types";

/** What a ladder would like done, before the guards and the mode decide. */
export type ProposedAction = Omit<PlannedAction, "state" | "dryRun" | "awaitingApproval">;

export type Proposal = {
  action: ProposedAction;
  /** Rate-limit tokens it takes when it runs: 0 for the follow-ups of an already admitted plan. */
  rateCost: number;
  /** Records in the new state that the action was issued (`running`: executing now, else awaiting approval). */
  onIssued?: (state: PlannerState, running: boolean, now: number) => void;
};

export type LadderResult = { proposals: Proposal[]; blocks: Block[]; events: RecoveryEvent[] };

export function emptyLadderResult(): LadderResult {
  return { proposals: [], blocks: [], events: [] };
}

export function seconds(ms: number): string {
  if (ms >= 120_000) return `${Math.round(ms / 60_000)} min`;
  return `${Math.round(ms / 100) / 10} s`;
}
