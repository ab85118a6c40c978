import "server-only";
import { randomBytes } from "node:crypto";
import type { Db } from "../store/prisma";
import type { SetupRequest } from "../protocol/api/auth";
import type { UserView } from "../protocol/api/users";
import { AppError } from "../errors";
import { audit } from "../store/audit";
import { addSetupCodeHash, deleteSetupCodes, hasSetupCodeHash } from "../store/setup-codes";
import { countFailure, refuseWhileBlocked } from "./login-guard";
import { formatSetupCode, hashSetupCode, setupCodeLogLine, SETUP_CODE_LENGTH } from "./setup-code";
import { countUsers, createFirstAdmin } from "./users";

/**
 * At start (server.ts, after the bootstrap admin): on a fresh install, a new one-time setup code
 * goes to this instance's log and its hash to the database, where every instance accepts it.
 * Once a user exists, leftover codes are deleted.
 */
export async function announceSetupCode(db: Db, log: (line: string) => void = console.log): Promise<void> {
  if ((await countUsers(db)) > 0) {
    await deleteSetupCodes(db);
    return;
  }
  const code = formatSetupCode(randomBytes(SETUP_CODE_LENGTH));
  await addSetupCodeHash(db, hashSetupCode(code), Date.now());
  log(setupCodeLogLine(code));
}

/**
 * POST /api/v1/auth/setup: a blocked address is refused first (429), a finished setup next
 * (409), then a wrong code (403, counted against the address like a failed login). The final
 * check of both happens again inside the transaction that creates the admin.
 */
export async function completeSetup(db: Db, input: SetupRequest, address: string): Promise<UserView> {
  const now = Date.now();
  const attempt = { address, email: null };
  await refuseWhileBlocked(db, attempt, now);
  if ((await countUsers(db)) > 0) throw new AppError("conflict", "setup is already done; log in instead");
  const codeHash = hashSetupCode(input.setupCode);
  if (!(await hasSetupCodeHash(db, codeHash))) {
    // The codes die in the transaction that creates the first user: one that vanished since the
    // count above means a concurrent setup won, not that this code was wrong.
    if ((await countUsers(db)) > 0) throw new AppError("conflict", "setup is already done; log in instead");
    await countFailure(db, attempt, now);
    await audit(db, { at: now, actor: input.email, action: "auth.setup", target: input.email, outcome: "refused", detail: `wrong setup code from ${address}` });
    throw new AppError("forbidden", "wrong setup code: use the one Vigil printed in its log at start");
  }
  const user = await createFirstAdmin(db, { email: input.email, password: input.password, role: "admin", ...(input.name ? { name: input.name } : {}) }, codeHash);
  await audit(db, { at: Date.now(), actor: user.email, action: "auth.setup", target: user.email, outcome: "ok", detail: address });
  return user;
}
