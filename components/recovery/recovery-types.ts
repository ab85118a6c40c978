import type { PolicyDocument, RecoveryMode, RecoveryPolicyOverride } from "@/lib/recovery";
import type { ActionList, ActionView, AuditItem, AuditList, RecoveryStatus } from "@/lib/protocol/api/recovery";

export type { AuditItem, RecoveryStatus };
export type RecoveryPlan = RecoveryStatus["plans"][number];
export type PlanAction = RecoveryPlan["actions"][number];
export type RecoveryBlock = RecoveryStatus["blocks"][number];
export type RecoveryFreeze = RecoveryStatus["freezes"][number];
export type KillSwitchState = RecoveryStatus["killSwitch"];
export type FailoverBreakdown = RecoveryStatus["worstCaseFailover"];

export type ActionsResponse = ActionList;
export type RecoveryAction = ActionView;

export type AuditResponse = AuditList;

export type { PolicyDocument, RecoveryMode, RecoveryPolicyOverride };

/** Kept here (not imported at run time from lib/recovery) so no server code reaches the browser. */
export const MODES: readonly RecoveryMode[] = ["off", "dry-run", "approval", "auto"];

export const MANUAL_ACTION_KINDS = ["restart", "promote", "follow", "run-hook"] as const;
export type ManualActionKind = (typeof MANUAL_ACTION_KINDS)[number];
