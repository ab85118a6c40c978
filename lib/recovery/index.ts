/**
 * Recovery planning: pure TypeScript, no I/O and no clock. The caller gathers the fleet, replica
 * groups, ring, known actions, policies and the previous state; `plan` returns decisions.
 */
export { plan, type PlannerOutput } from "./planner";
export {
  RECOVERY_MODES,
  builtInPolicy,
  defaultPolicyDocument,
  mergePolicy,
  parsePolicyDocument,
  policyDocumentInputSchema,
  policyForGroup,
  recoveryModeSchema,
  recoveryPolicyOverrideSchema,
  recoveryPolicySchema,
  type PolicyDocument,
  type PolicyDocumentInput,
  type PolicyParseResult,
  type RecoveryMode,
  type RecoveryPolicy,
  type RecoveryPolicyOverride,
} from "./policy";
export { emptyPlannerState, parsePlannerState, plannerStateSchema, plansInProgress, type PlannerState } from "./state";
export { actionId, failoverPlanId, type ActionIdParts } from "./action-id";
export { restartBackoffMs, RESTART_CONFIRM_MS } from "./restart-ladder";
export { DEFAULT_PRIORITY, nodePriority, rankCandidates, type RankingInput } from "./failover-candidates";
export { antiFlapBlockId, promotionEpoch } from "./failover-ladder";
export {
  MANUAL_GUARDS,
  checkManualAction,
  describeViolations,
  type GuardViolation,
  type ManualActionKind,
  type ManualCheck,
  type ManualGuard,
  type ManualGuardContext,
  type ManualRequest,
} from "./manual-guards";
export { BLAST_RADIUS_MIN_DOWN, BLAST_RADIUS_SHARE, blastRadiusBreaches, type OutageShare } from "./guards";
export { SERVICE_ERROR_RATE_THRESHOLD, SERVICE_UP_GAUGE, serviceProblem } from "./service-health";
export { failoverTimeBreakdown, worstCaseFailoverMs, type DetectorSettings, type FailoverTimeBreakdown } from "./worst-case";
export {
  ACTION_STATES,
  BLOCK_KINDS,
  DEFAULT_RATE_LIMIT,
  DESTRUCTIVE_ACTION_KINDS,
  RECOVERY_ACTION_KINDS,
  RECOVERY_EVENT_KINDS,
  type ActionState,
  type Block,
  type BlockKind,
  type Cancellation,
  type FailoverCandidate,
  type Freeze,
  type FreezeKind,
  type KnownAction,
  type PlannedAction,
  type PlannerInput,
  type RateLimitSettings,
  type RecoveryActionKind,
  type RecoveryEvent,
  type RecoveryEventKind,
  type RingInput,
  type SelfCheckInput,
} from "./types";
export {
  EXECUTABLE_HOOK_KINDS,
  HOOK_ACTION_KINDS,
  HOOK_EVENT_TYPES,
  HOOK_ON_ERROR,
  HOOK_PHASES,
  HOOK_TIMEOUT_DEFAULT_MS,
  HOOK_TIMEOUT_MAX_MS,
  HOOK_TIMEOUT_MIN_MS,
  RESPONSE_QUOTE,
  decidePreHooks,
  executeHookFor,
  hookPayload,
  hookWebhookId,
  interpretExecuteHookResponse,
  interpretPreHookResponse,
  matchingHooks,
  patchHookConfig,
  quoteResponse,
  recoveryHookInputSchema,
  recoveryHookPatchSchema,
  type ExecuteHookOutcome,
  type HookAction,
  type HookActionKind,
  type HookConfigResult,
  type HookOnError,
  type HookPayload,
  type HookPhase,
  type HookResponse,
  type PreHookDecision,
  type PreHookVerdict,
  type RecoveryHook,
  type RecoveryHookConfig,
  type RecoveryHookInput,
  type RecoveryHookPatch,
} from "./hooks";
