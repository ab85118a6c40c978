/**
 * Login throttling, the decisions only (no clock, no store): how long a key (a client address or
 * an account) is blocked after how many failures. Rows live in the LoginThrottle table
 * (`lib/store/login-throttle.ts`), shared by every instance; `login-guard.ts` applies this.
 */

export type ThrottlePolicy = {
  /** Failures allowed before the first block. */
  freeFailures: number;
  /** The first block; each further failure doubles it. */
  firstBlockMs: number;
  maxBlockMs: number;
  /** A key without a failure for this long starts again from zero (and its row may be pruned). */
  forgetAfterMs: number;
};

export type ThrottleState = { failures: number; lastFailureAt: number; blockedUntil: number };

const MINUTE = 60_000;

/** An account is the likelier target of guessing; an address may front many people (a NAT, an office). */
export const ACCOUNT_POLICY: ThrottlePolicy = { freeFailures: 5, firstBlockMs: 1000, maxBlockMs: 15 * MINUTE, forgetAfterMs: 60 * MINUTE };
export const ADDRESS_POLICY: ThrottlePolicy = { freeFailures: 20, firstBlockMs: 1000, maxBlockMs: 15 * MINUTE, forgetAfterMs: 60 * MINUTE };

export function accountKey(email: string): string {
  return `account:${email.trim().toLowerCase()}`;
}

export function addressKey(address: string): string {
  return `ip:${address}`;
}

/** The block that follows the `failures`-th failure in a row: none, then 1 s, 2 s, 4 s… up to the cap. */
export function blockMsAfter(failures: number, policy: ThrottlePolicy): number {
  if (failures < policy.freeFailures) return 0;
  const doublings = Math.min(failures - policy.freeFailures, 40);
  return Math.min(policy.maxBlockMs, policy.firstBlockMs * 2 ** doublings);
}

/** True when the failures are old enough to be forgotten: the next one counts as the first. */
export function isForgotten(state: ThrottleState, now: number, policy: ThrottlePolicy): boolean {
  return now - state.lastFailureAt > policy.forgetAfterMs;
}

/** How long `state` still blocks at `now` (0 = not blocked). */
export function remainingBlockMs(state: ThrottleState | null, now: number, policy: ThrottlePolicy): number {
  if (!state || isForgotten(state, now, policy)) return 0;
  return Math.max(0, state.blockedUntil - now);
}

/** `Retry-After` is whole seconds; never 0 while blocked. */
export function retryAfterSeconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}
