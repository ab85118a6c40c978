/** Signed page links through the real store: the key made once, one use, the act, its audit; a GET-side read changes nothing. */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { AppError } from "../errors";
import { pageLinks } from "../paging/links";
import { applyMigrations } from "./migrate";
import { describeLink, pageLinkKeys, useLink } from "./page-links";
import { acknowledgePage, getPage } from "./pages";
import { openDatabase, type Db } from "./prisma";

let dir: string;
let db: Db;
const NOW = Date.now();
const IP = "192.0.2.7";

async function insertPage(id: string, incidentId: number | null = null): Promise<void> {
  const notification = { receiverId: "policy:p", groupKey: `k:${id}`, groupLabels: {}, alerts: [], status: "firing", reason: "new-group", seq: 1 };
  await db.page.create({
    data: {
      id,
      groupKey: `k:${id}`,
      routeKind: "policy",
      routeId: "p",
      title: `GroupWithoutPrimary ${id}`,
      groupLabels: "{}",
      status: "triggered",
      step: 1,
      nextEscalationAt: BigInt(NOW + 60_000),
      openedAt: BigInt(NOW - 180_000),
      updatedAt: BigInt(NOW),
      notification: JSON.stringify(notification),
      incidentId,
    },
  });
}

const tokenOf = (url: string | null) => url!.split("/p/")[1];

async function links(pageId: string, approvalActionId: string | null = null) {
  return pageLinks(pageId, { externalURL: "https://vigil.test", key: (await pageLinkKeys(db)).current, now: NOW, approvalActionId });
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "vigil-page-links-"));
  const url = `file:${join(dir, "vigil.db")}`;
  await applyMigrations(url);
  db = await openDatabase(url);
});
after(async () => {
  await db.$disconnect();
  rmSync(dir, { recursive: true, force: true });
});

test("the signing key is made once, even when two callers race for it", async () => {
  const [a, b] = await Promise.all([pageLinkKeys(db), pageLinkKeys(db)]);
  assert.deepEqual(a, b);
  assert.equal(Buffer.from(a.current.secret, "base64url").length, 32);
  assert.deepEqual(a.all, [a.current]);
  const row = await db.jobState.findUniqueOrThrow({ where: { key: "paging.link-keys" } });
  assert.equal((JSON.parse(row.value) as { current: { id: string } }).current.id, a.current.id);
});

test("describing a link changes nothing; using it acknowledges the page and its incident once, audited", async () => {
  const incident = await db.incident.create({
    data: { key: "k", kind: "group-without-primary", severity: "critical", subject: "g1", message: "no primary", status: "open", openedAt: BigInt(NOW), updatedAt: BigInt(NOW) },
  });
  await insertPage("pg-1", incident.id);
  const token = tokenOf((await links("pg-1")).acknowledge);

  const before = await describeLink(db, token, NOW);
  assert.equal(before.state, "ready");
  assert.ok(before.state === "ready" && before.subject === "GroupWithoutPrimary pg-1" && before.actionable && /opened 3 min ago, step 2/.test(before.detail));
  assert.equal(await db.pageLinkUse.count(), 0);
  assert.equal(await db.auditLog.count(), 0);
  assert.equal((await getPage(db, "pg-1")).page.status, "triggered");

  const result = await useLink(db, token, { ip: IP, now: NOW });
  assert.equal(result.outcome, "acknowledged");
  const { page, events } = await getPage(db, "pg-1");
  assert.equal(page.status, "acknowledged");
  assert.equal(page.nextEscalationAt, null);
  assert.equal(page.acknowledgedBy, `link holder (${IP})`);
  assert.ok(events.some((e) => e.kind === "acknowledged" && /via link/.test(e.message)));
  const after = await db.incident.findUniqueOrThrow({ where: { id: incident.id }, include: { events: true } });
  assert.equal(after.status, "acknowledged");
  assert.ok(after.events.some((e) => e.kind === "acknowledged" && /acknowledged by link holder .* via link/.test(e.message)));
  const audit = await db.auditLog.findMany();
  assert.deepEqual(
    audit.map((e) => [e.actor, e.action, e.target, e.outcome]),
    [[`link (${IP})`, "page.acknowledge", "pg-1", "acknowledged"]],
  );

  await assert.rejects(useLink(db, token, { ip: IP, now: NOW + 1 }), (error: unknown) => error instanceof AppError && error.code === "conflict" && error.message === "this link was already used");
  assert.equal((await describeLink(db, token, NOW)).state, "used");
  assert.equal(await db.pageLinkUse.count(), 1);
  assert.ok((await db.auditLog.findMany()).some((e) => e.outcome === "refused: already used"));
});

test("two uses of one link at once: exactly one acts", async () => {
  await insertPage("pg-2");
  const token = tokenOf((await links("pg-2")).resolve);
  const outcomes = await Promise.allSettled([useLink(db, token, { ip: IP, now: NOW }), useLink(db, token, { ip: IP, now: NOW })]);
  assert.equal(outcomes.filter((o) => o.status === "fulfilled").length, 1, JSON.stringify(outcomes.map((o) => o.status)));
  assert.equal((await getPage(db, "pg-2")).page.status, "resolved");
});

test("tampered and expired links are refused without detail, audited; an act that fails leaves the link unspent", async () => {
  await insertPage("pg-3");
  const token = tokenOf((await links("pg-3")).acknowledge);
  const tampered = token.slice(0, -3) + (token.at(-3) === "A" ? "B" : "A") + token.slice(-2);
  await assert.rejects(useLink(db, tampered, { ip: IP, now: NOW }), (error: unknown) => error instanceof AppError && error.message === "invalid or tampered link");
  await assert.rejects(useLink(db, token, { ip: IP, now: NOW + 25 * 3_600_000 }), (error: unknown) => error instanceof AppError && /expired/.test(error.message));
  const refused = await db.auditLog.findMany({ where: { outcome: { startsWith: "refused" } } });
  assert.ok(refused.some((e) => e.action === "page.link-refused" && e.outcome === "refused: bad-signature" && !e.target.includes(tampered)));
  assert.ok(refused.some((e) => e.action === "page.acknowledge" && e.target === "pg-3" && e.outcome === "refused: expired"));

  // Someone acknowledged it in Vigil first: the link is refused with why, and stays unused.
  await acknowledgePage(db, "pg-3", "alice", NOW, "dashboard");
  await assert.rejects(useLink(db, token, { ip: IP, now: NOW }), (error: unknown) => error instanceof AppError && error.code === "conflict" && /already acknowledged by alice/.test(error.message));
  assert.equal(await db.pageLinkUse.count({ where: { target: "pg-3" } }), 0);
});

test("approve and deny links act on recovery actions waiting for approval", async () => {
  await insertPage("pg-4");
  for (const id of ["ra-approve", "ra-deny"]) {
    await db.recoveryAction.create({ data: { id, kind: "promote", target: "node-7", groupId: "kv-3", state: "planned", reason: "no primary", epoch: 1, createdAt: BigInt(NOW) } });
  }
  const approve = tokenOf((await links("pg-4", "ra-approve")).approve);
  const described = await describeLink(db, approve, NOW);
  assert.ok(described.state === "ready" && described.heading === "Approve recovery action" && /kv-3/.test(described.subject) && /node-7/.test(described.subject));
  assert.equal((await useLink(db, approve, { ip: IP, now: NOW })).outcome, "approved");
  assert.equal((await db.recoveryAction.findUniqueOrThrow({ where: { id: "ra-approve" } })).approvedBy, `link holder (${IP})`);

  assert.equal((await useLink(db, tokenOf((await links("pg-4", "ra-deny")).deny), { ip: IP, now: NOW })).outcome, "denied");
  const denied = await db.recoveryAction.findUniqueOrThrow({ where: { id: "ra-deny" } });
  assert.equal(denied.state, "cancelled");
  assert.ok((await db.auditLog.findMany()).some((e) => e.action === "action.deny" && e.target === "ra-deny" && e.outcome === "denied"));
});
