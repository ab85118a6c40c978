import "server-only";
import { createHash } from "node:crypto";
import { z } from "zod";
import type { LinkPreview, LinkResult } from "../protocol/api/pages";
import type { Db, Tx } from "./prisma";
import { AppError } from "../errors";
import { newLinkKey, verifyPageLink, type LinkAction, type LinkClaims, type LinkKey, type LinkRefusal } from "../paging/links";
import { auditWrite } from "./audit";
import { cachedSetting } from "./settings-cache";
import { acknowledgePage, findPage, notePageLinkRefused, resolvePage } from "./pages";

/**
 * The signing keys of pages' one-click links and the links' one use (docs/paging-links.md).
 * The keys are a JSON document `{ current, previous: [] }` in the JobState row "paging.link-keys", made on first use.
 */
const KEYS_KEY = "paging.link-keys";

const linkKeySchema = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/), secret: z.string().regex(/^[A-Za-z0-9_-]{43}$/) });
/** `previous`: keys rotated out whose links still verify until they expire (docs/paging-links.md). */
const storedKeysSchema = z.object({ current: linkKeySchema, previous: z.array(linkKeySchema).default([]) });

export type PageLinkKeys = { current: LinkKey; all: LinkKey[] };

const AUDIT_ACTION: Record<LinkAction, string> = { acknowledge: "page.acknowledge", resolve: "page.resolve", approve: "action.approve", deny: "action.deny" };
const OUTCOME: Record<LinkAction, LinkResult["outcome"]> = { acknowledge: "acknowledged", resolve: "resolved", approve: "approved", deny: "denied" };

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Error && "code" in error && (error as { code: unknown }).code === "P2002";
}

async function readKeys(db: Db): Promise<PageLinkKeys | null> {
  const row = await db.jobState.findUnique({ where: { key: KEYS_KEY } });
  if (!row) return null;
  let json: unknown;
  try {
    json = JSON.parse(row.value);
  } catch {
    json = null;
  }
  const parsed = storedKeysSchema.safeParse(json);
  // A damaged row is not replaced silently: that would void every link in flight without a word.
  if (!parsed.success) throw new AppError("internal", `JobState "${KEYS_KEY}" does not hold valid link keys`);
  return { current: parsed.data.current, all: [parsed.data.current, ...parsed.data.previous] };
}

/**
 * The signing keys, made on first use and cached (re-read when settings change). Two instances
 * may both find none: each tries to create the row, the primary key lets one win, and both then
 * use what the database holds.
 */
export async function pageLinkKeys(db: Db): Promise<PageLinkKeys> {
  return cachedSetting(db, KEYS_KEY, async () => {
    const stored = await readKeys(db);
    if (stored) return stored;
    try {
      await db.jobState.create({ data: { key: KEYS_KEY, value: JSON.stringify({ current: newLinkKey(), previous: [] }) } });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
    const made = await readKeys(db);
    if (!made) throw new AppError("internal", "the link signing key could not be created");
    return made;
  });
}

/** What the person is told; why a signature failed is for the audit log only. */
function refusalError(kind: "invalid" | "expired" | "used"): AppError {
  if (kind === "used") return new AppError("conflict", "this link was already used", { details: { reason: "used" } });
  // Not 401/403: those say "log in" or "your role may not", and the link's holder needs neither.
  if (kind === "expired") return new AppError("conflict", "this link has expired", { details: { reason: "expired" } });
  return new AppError("bad_request", "invalid or tampered link", { details: { reason: "invalid" } });
}

/** The audit log's actor: nobody is logged in, the client address is all Vigil knows. */
function linkActor(ip: string): string {
  return `link (${ip})`;
}

/** Who acted, as the page, its incident and the recovery action record it. */
function personOf(ip: string): string {
  return `link holder (${ip})`;
}

type Refusal = { reason: LinkRefusal | "used"; claims: LinkClaims | null; token: string; ip: string; now: number };

/** Audits a refused link (and notes it on its page when the claims, being signed, name one). */
async function auditRefusal(db: Db, refusal: Refusal): Promise<void> {
  const { claims, reason } = refusal;
  const outcome = reason === "used" ? "refused: already used" : `refused: ${reason}`;
  // The token itself is a capability (a tampered one may be a character off a good one): only a digest is kept.
  const digest = createHash("sha256").update(refusal.token).digest("hex").slice(0, 16);
  await auditWrite(db, {
    at: refusal.now,
    actor: linkActor(refusal.ip),
    action: claims ? AUDIT_ACTION[claims.action] : "page.link-refused",
    target: claims?.target ?? `token:${digest}`,
    outcome,
    detail: `${claims ? `${claims.action} link` : "link"} refused (${reason}); token sha256 ${digest}`,
  });
  if (claims && (claims.action === "acknowledge" || claims.action === "resolve") ) {
    await notePageLinkRefused(db, claims.target, `${claims.action} link refused (${reason === "used" ? "already used" : reason}) from ${refusal.ip}`, refusal.now);
  }
}

async function performLink(tx: Tx, claims: LinkClaims, person: string, now: number): Promise<{ message: string; detail: string }> {
  if (claims.action === "acknowledge") {
    const page = await acknowledgePage(tx, claims.target, person, now, "link");
    return { message: `Acknowledged: ${page.title}. Escalation and repeats stop.`, detail: page.title };
  }
  if (claims.action === "resolve") {
    const page = await resolvePage(tx, claims.target, person, now, "link");
    return { message: `Resolved: ${page.title}.`, detail: page.title };
  }
  const action = await tx.recoveryAction.findUnique({ where: { id: claims.target } });
  if (!action) throw new AppError("not_found", `no recovery action ${claims.target}`);
  const what = `${action.kind} of ${action.target} (${action.groupId})`;
  if (action.state !== "planned") throw new AppError("conflict", `the ${what} is no longer waiting for approval (it is ${action.state})`);
  if (claims.action === "approve") {
    // Same rule as lib/store/manual-actions.ts: switchovers and operators' forced actions are
    // approved through their own checks, by someone logged in with the role they need.
    if (action.kind === "switchover" || action.source === "operator") {
      throw new AppError("forbidden", `the ${what} must be approved in Vigil by someone logged in (it has checks a link cannot run)`);
    }
    // As approveAction of lib/store/recovery.ts, inside this transaction.
    const updated = await tx.recoveryAction.updateMany({ where: { id: action.id, state: "planned", dryRun: false }, data: { approvedBy: person } });
    if (updated.count === 0) throw new AppError("conflict", `the ${what} is not waiting for approval`);
    return { message: `Approved: ${what}. Vigil runs it on its next recovery round.`, detail: what };
  }
  // Deny: as cancelAction of lib/store/recovery.ts, inside this transaction.
  const updated = await tx.recoveryAction.updateMany({
    where: { id: action.id, state: "planned" },
    data: { state: "cancelled", finishedAt: BigInt(now), outcome: `denied by ${person} via link` },
  });
  if (updated.count === 0) throw new AppError("conflict", `the ${what} cannot be denied any more`);
  return { message: `Denied: ${what} will not run.`, detail: what };
}

/**
 * Uses a link: verifies it, then in one transaction records its one use (the nonce's primary
 * key refuses a second), acts and audits. A refused link is audited too. An act that fails
 * (the page was resolved meanwhile) rolls the use back: the link was not spent on nothing.
 */
export async function useLink(db: Db, token: string, { ip, now }: { ip: string; now: number }): Promise<LinkResult> {
  const keys = await pageLinkKeys(db);
  const verdict = verifyPageLink(token, keys.all, now);
  if (!verdict.ok) {
    await auditRefusal(db, { reason: verdict.reason, claims: verdict.claims ?? null, token, ip, now });
    throw refusalError(verdict.reason === "expired" ? "expired" : "invalid");
  }
  const { claims } = verdict;
  const actor = linkActor(ip);
  const person = personOf(ip);
  try {
    return await db.$transaction(async (tx) => {
      await tx.pageLinkUse.create({ data: { nonce: claims.nonce, action: claims.action, target: claims.target, usedAt: BigInt(now), usedBy: actor } });
      const done = await performLink(tx, claims, person, now);
      await tx.auditLog.create({
        data: { at: BigInt(now), actor, action: AUDIT_ACTION[claims.action], target: claims.target, outcome: OUTCOME[claims.action], detail: `${done.detail}; via signed link (key ${claims.keyId})` },
      });
      return { action: claims.action, target: claims.target, outcome: OUTCOME[claims.action], message: done.message };
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      await auditRefusal(db, { reason: "used", claims, token, ip, now });
      throw refusalError("used");
    }
    if (error instanceof AppError) {
      await auditWrite(db, { at: now, actor, action: AUDIT_ACTION[claims.action], target: claims.target, outcome: `refused: ${error.code}`, detail: error.message });
    }
    throw error;
  }
}

function pageHeading(action: "acknowledge" | "resolve"): string {
  return action === "acknowledge" ? "Acknowledge page" : "Resolve page";
}

/**
 * What the link page shows before anyone clicks. Reads only: mail scanners and chat unfurlers
 * fetch links, so opening one neither acts nor spends nor audits it (the POST of useLink does).
 */
export async function describeLink(db: Db, token: string, now: number): Promise<LinkPreview> {
  const verdict = verifyPageLink(token, (await pageLinkKeys(db)).all, now);
  if (!verdict.ok) {
    return verdict.reason === "expired"
      ? { state: "expired", message: "This link has expired. Log in to Vigil to act on the page." }
      : { state: "invalid", message: "This link is invalid or was tampered with. Log in to Vigil to act on the page." };
  }
  const { claims } = verdict;
  const used = await db.pageLinkUse.findUnique({ where: { nonce: claims.nonce } });
  if (used) {
    return { state: "used", message: `This link was already used (${new Date(Number(used.usedAt)).toISOString()}). Each link works once; log in to Vigil to see the page.` };
  }
  if (claims.action === "acknowledge" || claims.action === "resolve") {
    const page = await findPage(db, claims.target);
    if (!page) return { state: "invalid", message: "The page this link is about no longer exists." };
    const minutes = Math.max(0, Math.round((now - page.openedAt) / 60_000));
    const actionable = claims.action === "acknowledge" ? page.status === "triggered" : page.status !== "resolved";
    const current =
      page.status === "triggered"
        ? "Not acknowledged yet"
        : page.status === "acknowledged"
          ? `Acknowledged by ${page.acknowledgedBy ?? "someone"}`
          : `Resolved${page.resolvedBy ? ` by ${page.resolvedBy}` : ""}`;
    return {
      state: "ready",
      action: claims.action,
      heading: pageHeading(claims.action),
      subject: page.title,
      detail: `opened ${minutes} min ago, step ${page.step}`,
      current,
      actionable,
    };
  }
  const action = await db.recoveryAction.findUnique({ where: { id: claims.target } });
  if (!action) return { state: "invalid", message: "The recovery action this link is about no longer exists." };
  const args = JSON.parse(action.args) as { target?: string };
  const kind = action.kind === "promote" ? "failover" : action.kind;
  const subject = `${kind} of ${action.groupId}${action.kind === "promote" ? ` to ${action.target}` : ` on ${action.target}`}${args.target && action.kind !== "promote" ? ` (to ${args.target})` : ""}`;
  return {
    state: "ready",
    action: claims.action,
    heading: claims.action === "approve" ? "Approve recovery action" : "Deny recovery action",
    subject,
    detail: action.reason,
    current: action.state === "planned" ? (action.approvedBy ? `Approved by ${action.approvedBy}` : "Waiting for approval") : `It is ${action.state}`,
    actionable: action.state === "planned" && !(claims.action === "approve" && action.approvedBy !== null),
  };
}
