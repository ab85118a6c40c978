import "server-only";
import type { Db } from "../store/prisma";
import type { UserView } from "../protocol/api/users";
import { AppError } from "../errors";
import { clearThrottle, pruneThrottleRows, readThrottleRows, recordThrottleFailure } from "../store/login-throttle";
import { audit } from "../store/audit";
import { accountKey, ACCOUNT_POLICY, ADDRESS_POLICY, addressKey, blockMsAfter, remainingBlockMs, retryAfterSeconds, type ThrottlePolicy } from "./login-throttle";
import { authenticateUser } from "./users";

/** Who tries: the client address (lib/http/client-address.ts) and, for logins, the account. */
export type Attempt = { address: string; email: string | null };

const PRUNE_EVERY_MS = 10 * 60_000;
let lastPruneAt = 0;

function keysOf(attempt: Attempt): { key: string; policy: ThrottlePolicy }[] {
  const keys = [{ key: addressKey(attempt.address), policy: ADDRESS_POLICY }];
  if (attempt.email !== null) keys.push({ key: accountKey(attempt.email), policy: ACCOUNT_POLICY });
  return keys;
}

/** Throws `rate_limited` (with `retryAfterMs`) while the address or the account is blocked. */
export async function refuseWhileBlocked(db: Db, attempt: Attempt, now: number): Promise<void> {
  const keys = keysOf(attempt);
  const rows = new Map((await readThrottleRows(db, keys.map(({ key }) => key))).map((row) => [row.key, row]));
  const blockedMs = Math.max(0, ...keys.map(({ key, policy }) => remainingBlockMs(rows.get(key) ?? null, now, policy)));
  if (blockedMs === 0) return;
  throw new AppError("rate_limited", `too many failed attempts; try again in ${retryAfterSeconds(blockedMs)} s`, { retryAfterMs: blockedMs });
}

/** One failure for the address and (for a login) the account; prunes forgotten rows now and then. */
export async function countFailure(db: Db, attempt: Attempt, now: number): Promise<void> {
  for (const { key, policy } of keysOf(attempt)) {
    await recordThrottleFailure(db, key, now, now - policy.forgetAfterMs, (failures) => blockMsAfter(failures, policy));
  }
  if (now - lastPruneAt < PRUNE_EVERY_MS) return;
  lastPruneAt = now;
  await pruneThrottleRows(db, now - Math.max(ACCOUNT_POLICY.forgetAfterMs, ADDRESS_POLICY.forgetAfterMs));
}

async function auditLogin(db: Db, email: string, address: string, outcome: "ok" | "failed" | "throttled"): Promise<void> {
  const actor = email.trim().toLowerCase();
  await audit(db, { at: Date.now(), actor, action: "auth.login", target: actor, outcome, detail: address });
}

/**
 * A login under the throttle: while the address or the account is blocked the password is not
 * even checked (a blocked guesser learns nothing), a wrong one counts for both, and a success
 * clears the account's failures but not the address's (one good password must not launder a
 * sprayer's address). Every outcome is audited.
 */
export async function logInThrottled(db: Db, input: { email: string; password: string; address: string }): Promise<UserView> {
  const attempt = { address: input.address, email: input.email };
  const now = Date.now();
  try {
    await refuseWhileBlocked(db, attempt, now);
  } catch (error) {
    await auditLogin(db, input.email, input.address, "throttled");
    throw error;
  }
  let user: UserView;
  try {
    user = await authenticateUser(db, input.email, input.password);
  } catch (error) {
    if (error instanceof AppError && error.code === "unauthorized") {
      await countFailure(db, attempt, now);
      await auditLogin(db, input.email, input.address, "failed");
    }
    throw error;
  }
  await clearThrottle(db, accountKey(input.email));
  await auditLogin(db, input.email, input.address, "ok");
  return user;
}
