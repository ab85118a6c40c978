import type { RecoveryBlock, RecoveryFreeze, RecoveryStatus } from "./recovery-types";

/** What holds Vigil back from acting on one node right now. */
export type NodeRecoveryHolds = {
  /** Blocks about this node, or about its replica group as a whole. */
  blocks: RecoveryBlock[];
  /** Fleet-wide freezes (kill switch, self-check, blast radius): they hold back every node. */
  freezes: RecoveryFreeze[];
  /** Recovery is off or a dry run: Vigil would not act anyway. */
  modeNote: string | null;
  /** Vigil gave up restarting its service until a human acknowledges or it stays healthy. */
  restartBudgetExhausted: boolean;
};

const MODE_NOTES: Record<string, string> = {
  off: "Recovery is off: Vigil detects but does not plan or act.",
  "dry-run": "Recovery is a dry run: Vigil records what it would do and does nothing.",
  approval: "Recovery waits for approval: each action needs an operator.",
};

export function nodeRecoveryHolds(status: RecoveryStatus | null | undefined, nodeId: string, group: string | null): NodeRecoveryHolds {
  if (!status) return { blocks: [], freezes: [], modeNote: null, restartBudgetExhausted: false };
  const blocks = status.blocks.filter((block) => block.nodeId === nodeId || (block.nodeId === null && group !== null && block.groupId === group));
  return {
    blocks,
    freezes: status.freezes,
    modeNote: MODE_NOTES[status.mode] ?? null,
    restartBudgetExhausted: blocks.some((block) => block.kind === "restart-budget" && block.nodeId === nodeId),
  };
}
