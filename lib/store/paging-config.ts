import "server-only";
import { randomUUID as newId } from "node:crypto";
import type { Db } from "./prisma";
import type { ContactMethodView, OnCallView, OverrideView, PolicyView, ScheduleView, ShiftView } from "../protocol/api/paging";
import { AppError } from "../errors";
import { contactMethodSchema, type NewContactMethod } from "../paging/contacts";
import { onCallAt, rotationSchema, scheduleSchema, shiftsBetween, type Override, type Schedule, type Shift } from "../paging/on-call";
import { escalationPolicySchema, policyRoutingSchema, policyStepSchema, type EscalationPolicy } from "../paging/policy";
import type { PagingConfig, StoredOverride } from "../paging/targets";
import { cachedSetting, writeSettings } from "./settings-cache";

const DAY_MS = 24 * 3_600_000;
const TIMELINE_MS = 14 * DAY_MS;
const NEXT_HORIZON_MS = 60 * DAY_MS;
/** Ended overrides are kept this long (the timeline and the audit show them), then pruned on the next write. */
const OVERRIDE_RETENTION_MS = 30 * DAY_MS;

/** The shape lives with the pure code that reads it (lib/paging/targets.ts); the store fills it. */
export type { PagingConfig, StoredOverride } from "../paging/targets";

type PolicyRow = { id: string; name: string; routing: string; steps: string; repeat: number; recoveryAware: boolean; enabled: boolean; createdAt: Date };
type ScheduleRow = { id: string; name: string; timeZone: string; rotations: string; createdAt: Date };
type OverrideRow = { id: string; scheduleId: string; userId: string; startsAt: bigint; endsAt: bigint; createdBy: string };

/** A stored JSON column read back through its schema: a row written by hand that no longer parses is reported, not trusted. */
function parsed<T>(schema: { safeParse: (v: unknown) => { success: true; data: T } | { success: false } }, json: string, what: string): T {
  const result = schema.safeParse(JSON.parse(json));
  if (!result.success) throw new AppError("internal", `stored ${what} does not parse`);
  return result.data;
}

function policyOf(row: PolicyRow): EscalationPolicy & { id: string } {
  return {
    id: row.id,
    name: row.name,
    routing: parsed(policyRoutingSchema, row.routing, `routing of policy ${row.name}`),
    steps: parsed(policyStepSchema.array(), row.steps, `steps of policy ${row.name}`),
    repeat: row.repeat,
    recoveryAware: row.recoveryAware,
    enabled: row.enabled,
  };
}

function scheduleOf(row: ScheduleRow): Schedule & { id: string } {
  return { id: row.id, name: row.name, timeZone: row.timeZone, rotations: parsed(rotationSchema.array(), row.rotations, `rotations of schedule ${row.name}`) };
}

function overrideOf(row: OverrideRow): StoredOverride {
  return { id: row.id, scheduleId: row.scheduleId, userId: row.userId, startsAt: Number(row.startsAt), endsAt: Number(row.endsAt), createdBy: row.createdBy };
}

export async function loadPagingConfig(db: Db): Promise<PagingConfig> {
  return cachedSetting(db, "paging.config", async () => {
    const [policies, schedules, overrides, contacts, users, receivers] = await Promise.all([
      db.escalationPolicy.findMany({ orderBy: { createdAt: "asc" } }),
      db.onCallSchedule.findMany({ orderBy: { createdAt: "asc" } }),
      db.onCallOverride.findMany(),
      db.contactMethod.findMany({ orderBy: { createdAt: "asc" } }),
      db.user.findMany({ select: { id: true, name: true, email: true } }),
      db.receiver.findMany({ select: { id: true, name: true, enabled: true } }),
    ]);
    return {
      policies: policies.map(policyOf),
      schedules: schedules.map(scheduleOf),
      overrides: overrides.map(overrideOf),
      contacts: contacts.map((c) => contactMethodSchema.parse(c)),
      users,
      receiverIds: receivers.map((r) => r.id),
      disabledReceiverIds: receivers.filter((r) => !r.enabled).map((r) => r.id),
      receiverNames: Object.fromEntries(receivers.map((r) => [r.id, r.name])),
    };
  });
}

// ---------- escalation policies ----------

function policyView(row: PolicyRow): PolicyView {
  return { ...policyOf(row), createdAt: row.createdAt.toISOString() };
}

/** Every target a policy names must exist when it is saved (a later deletion is reported by the paging round). */
async function checkTargets(db: Db, policy: EscalationPolicy): Promise<void> {
  const ids = (kind: string) => [...new Set(policy.steps.flatMap((s) => s.targets.filter((t) => t.kind === kind).map((t) => t.id)))];
  const [receivers, users, schedules] = await Promise.all([
    db.receiver.findMany({ where: { id: { in: ids("receiver") } }, select: { id: true } }),
    db.user.findMany({ where: { id: { in: ids("user") } }, select: { id: true } }),
    db.onCallSchedule.findMany({ where: { id: { in: ids("schedule") } }, select: { id: true } }),
  ]);
  const missing = [
    ...ids("receiver").filter((id) => !receivers.some((r) => r.id === id)).map((id) => `receiver ${id}`),
    ...ids("user").filter((id) => !users.some((u) => u.id === id)).map((id) => `user ${id}`),
    ...ids("schedule").filter((id) => !schedules.some((s) => s.id === id)).map((id) => `schedule ${id}`),
  ];
  if (missing.length) throw new AppError("bad_request", `invalid policy: unknown ${missing.join(", ")}`);
}

function policyData(policy: EscalationPolicy) {
  return { name: policy.name, routing: JSON.stringify(policy.routing), steps: JSON.stringify(policy.steps), repeat: policy.repeat, recoveryAware: policy.recoveryAware, enabled: policy.enabled };
}

export async function listPolicies(db: Db): Promise<{ items: PolicyView[] }> {
  return { items: (await db.escalationPolicy.findMany({ orderBy: { createdAt: "asc" } })).map(policyView) };
}

export async function getPolicy(db: Db, id: string): Promise<PolicyView> {
  const row = await db.escalationPolicy.findUnique({ where: { id } });
  if (!row) throw new AppError("not_found", `no escalation policy ${id}`);
  return policyView(row);
}

export async function createPolicy(db: Db, input: EscalationPolicy): Promise<PolicyView> {
  const policy = escalationPolicySchema.parse(input);
  if (await db.escalationPolicy.findUnique({ where: { name: policy.name } })) throw new AppError("conflict", `an escalation policy named ${policy.name} exists`);
  await checkTargets(db, policy);
  return policyView(await writeSettings(db, db.escalationPolicy.create({ data: { id: newId(), ...policyData(policy) } })));
}

/** Replaces the whole policy (PUT). */
export async function updatePolicy(db: Db, id: string, input: EscalationPolicy): Promise<PolicyView> {
  const policy = escalationPolicySchema.parse(input);
  if (!(await db.escalationPolicy.findUnique({ where: { id } }))) throw new AppError("not_found", `no escalation policy ${id}`);
  const named = await db.escalationPolicy.findUnique({ where: { name: policy.name } });
  if (named && named.id !== id) throw new AppError("conflict", `an escalation policy named ${policy.name} exists`);
  await checkTargets(db, policy);
  return policyView(await writeSettings(db, db.escalationPolicy.update({ where: { id }, data: policyData(policy) })));
}

export async function deletePolicy(db: Db, id: string): Promise<void> {
  const deleted = await writeSettings(db, db.escalationPolicy.deleteMany({ where: { id } }));
  if (deleted.count === 0) throw new AppError("not_found", `no escalation policy ${id}`);
}

// ---------- schedules and overrides ----------

async function checkUsers(db: Db, userIds: readonly string[], what: string): Promise<void> {
  const wanted = [...new Set(userIds)];
  const found = await db.user.findMany({ where: { id: { in: wanted } }, select: { id: true } });
  const missing = wanted.filter((id) => !found.some((u) => u.id === id));
  if (missing.length) throw new AppError("bad_request", `invalid ${what}: unknown user ${missing.join(", ")}`);
}

function overrideView(o: StoredOverride): OverrideView {
  return { id: o.id, scheduleId: o.scheduleId, userId: o.userId, startsAt: o.startsAt, endsAt: o.endsAt, createdBy: o.createdBy };
}

async function scheduleView(db: Db, row: ScheduleRow, now: number): Promise<ScheduleView> {
  const overrides = await db.onCallOverride.findMany({ where: { scheduleId: row.id, endsAt: { gt: BigInt(now) } }, orderBy: { startsAt: "asc" } });
  return { ...scheduleOf(row), overrides: overrides.map((o) => overrideView(overrideOf(o))), createdAt: row.createdAt.toISOString() };
}

export async function listSchedules(db: Db, now: number): Promise<{ items: ScheduleView[] }> {
  const rows = await db.onCallSchedule.findMany({ orderBy: { createdAt: "asc" } });
  return { items: await Promise.all(rows.map((row) => scheduleView(db, row, now))) };
}

export async function getSchedule(db: Db, id: string, now: number): Promise<ScheduleView> {
  const row = await db.onCallSchedule.findUnique({ where: { id } });
  if (!row) throw new AppError("not_found", `no schedule ${id}`);
  return scheduleView(db, row, now);
}

export async function createSchedule(db: Db, input: Schedule, now: number): Promise<ScheduleView> {
  const schedule = scheduleSchema.parse(input);
  if (await db.onCallSchedule.findUnique({ where: { name: schedule.name } })) throw new AppError("conflict", `a schedule named ${schedule.name} exists`);
  await checkUsers(db, schedule.rotations.flatMap((r) => r.users), "schedule");
  const row = await writeSettings(db, db.onCallSchedule.create({ data: { id: newId(), name: schedule.name, timeZone: schedule.timeZone, rotations: JSON.stringify(schedule.rotations) } }));
  return scheduleView(db, row, now);
}

/** Replaces name, zone and rotations (PUT); overrides stay. */
export async function updateSchedule(db: Db, id: string, input: Schedule, now: number): Promise<ScheduleView> {
  const schedule = scheduleSchema.parse(input);
  if (!(await db.onCallSchedule.findUnique({ where: { id } }))) throw new AppError("not_found", `no schedule ${id}`);
  const named = await db.onCallSchedule.findUnique({ where: { name: schedule.name } });
  if (named && named.id !== id) throw new AppError("conflict", `a schedule named ${schedule.name} exists`);
  await checkUsers(db, schedule.rotations.flatMap((r) => r.users), "schedule");
  const row = await writeSettings(db, db.onCallSchedule.update({ where: { id }, data: { name: schedule.name, timeZone: schedule.timeZone, rotations: JSON.stringify(schedule.rotations) } }));
  return scheduleView(db, row, now);
}

/** Refused while a policy pages the schedule: the policy would silently reach nobody. */
export async function deleteSchedule(db: Db, id: string): Promise<void> {
  const row = await db.onCallSchedule.findUnique({ where: { id } });
  if (!row) throw new AppError("not_found", `no schedule ${id}`);
  const users = (await db.escalationPolicy.findMany()).map(policyOf).filter((p) => p.steps.some((s) => s.targets.some((t) => t.kind === "schedule" && t.id === id)));
  if (users.length) throw new AppError("conflict", `schedule ${row.name} is paged by escalation policy ${users.map((p) => p.name).join(", ")}: change those first`);
  await writeSettings(db, db.onCallSchedule.deleteMany({ where: { id } }), db.onCallOverride.deleteMany({ where: { scheduleId: id } }));
}

/** A schedule's overrides that have not ended, soonest first. */
export async function listOverrides(db: Db, scheduleId: string, now: number): Promise<{ items: OverrideView[] }> {
  if (!(await db.onCallSchedule.findUnique({ where: { id: scheduleId }, select: { id: true } }))) throw new AppError("not_found", `no schedule ${scheduleId}`);
  const rows = await db.onCallOverride.findMany({ where: { scheduleId, endsAt: { gt: BigInt(now) } }, orderBy: { startsAt: "asc" } });
  return { items: rows.map((row) => overrideView(overrideOf(row))) };
}

export async function createOverride(db: Db, scheduleId: string, input: Override, by: string, now: number): Promise<OverrideView> {
  if (!(await db.onCallSchedule.findUnique({ where: { id: scheduleId } }))) throw new AppError("not_found", `no schedule ${scheduleId}`);
  if (input.endsAt <= now) throw new AppError("bad_request", "invalid override: it has already ended");
  await checkUsers(db, [input.userId], "override");
  const row = await writeSettings(
    db,
    db.onCallOverride.create({ data: { id: newId(), scheduleId, userId: input.userId, startsAt: BigInt(input.startsAt), endsAt: BigInt(input.endsAt), createdBy: by } }),
    db.onCallOverride.deleteMany({ where: { endsAt: { lt: BigInt(now - OVERRIDE_RETENTION_MS) } } }),
  );
  return overrideView(overrideOf(row));
}

export async function deleteOverride(db: Db, scheduleId: string, overrideId: string): Promise<void> {
  const deleted = await writeSettings(db, db.onCallOverride.deleteMany({ where: { id: overrideId, scheduleId } }));
  if (deleted.count === 0) throw new AppError("not_found", `no override ${overrideId} on schedule ${scheduleId}`);
}

// ---------- who is on call ----------

/** Every schedule: who is on call now and until when, who comes next, and the next 14 days. */
export async function whoIsOnCallNow(db: Db, now: number): Promise<OnCallView> {
  const config = await loadPagingConfig(db);
  const nameOf = new Map(config.users.map((u) => [u.id, u.name || u.email.split("@")[0]]));
  const view = (shift: Shift): ShiftView => ({ userId: shift.userId, userName: nameOf.get(shift.userId) ?? `unknown user ${shift.userId}`, rotation: shift.rotation, startsAt: shift.startsAt, endsAt: shift.endsAt, overrideId: shift.override?.id ?? null });
  const items = config.schedules.map((schedule) => {
    const overrides = config.overrides.filter((o) => o.scheduleId === schedule.id);
    const current = onCallAt(schedule, overrides, now);
    const currentShift: Shift | null = current ? { userId: current.userId, rotation: current.rotation, startsAt: current.shiftStartsAt, endsAt: current.shiftEndsAt, override: current.override } : null;
    const upcoming = shiftsBetween(schedule, overrides, current ? current.shiftEndsAt : now, now + NEXT_HORIZON_MS);
    const next = upcoming.find((s) => s.userId !== current?.userId) ?? null;
    // "Until" is when they stop being on call: the same person's back-to-back shifts (a rotation shift, then their own override) count as one.
    for (const s of currentShift ? upcoming : []) {
      if (!currentShift || s.userId !== currentShift.userId || s.startsAt !== currentShift.endsAt) break;
      currentShift.endsAt = s.endsAt;
    }
    return {
      scheduleId: schedule.id,
      scheduleName: schedule.name,
      timeZone: schedule.timeZone,
      current: currentShift ? view(currentShift) : null,
      next: next ? view(next) : null,
      shifts: shiftsBetween(schedule, overrides, now, now + TIMELINE_MS).map(view),
    };
  });
  const named = new Set([...config.schedules.flatMap((s) => s.rotations.flatMap((r) => r.users)), ...config.overrides.map((o) => o.userId), ...config.policies.flatMap((p) => p.steps.flatMap((s) => s.targets.filter((t) => t.kind === "user").map((t) => t.id)))]);
  return { now, items, users: [...named].map((id) => ({ id, name: nameOf.get(id) ?? `unknown user ${id}` })) };
}

// ---------- contact methods ----------

type ContactRow = { id: string; userId: string; kind: string; receiverId: string; address: string | null; label: string; createdAt: Date };

function contactView(row: ContactRow, showAddress: boolean): ContactMethodView {
  const contact = contactMethodSchema.parse(row);
  const hide = !showAddress && contact.address !== null;
  return { ...contact, address: hide ? null : contact.address, createdAt: row.createdAt.toISOString(), redacted: hide };
}

async function requireUser(db: Db, userId: string): Promise<void> {
  if (!(await db.user.findUnique({ where: { id: userId }, select: { id: true } }))) throw new AppError("not_found", `no user ${userId}`);
}

export async function listContacts(db: Db, userId: string, showAddress: boolean): Promise<{ items: ContactMethodView[] }> {
  await requireUser(db, userId);
  const rows = await db.contactMethod.findMany({ where: { userId }, orderBy: { createdAt: "asc" } });
  return { items: rows.map((row) => contactView(row, showAddress)) };
}

/** An e-mail contact is sent through an e-mail receiver's SMTP settings; a channel contact pages a non-e-mail receiver as it is. */
export async function createContact(db: Db, userId: string, input: NewContactMethod): Promise<ContactMethodView> {
  await requireUser(db, userId);
  const receiver = await db.receiver.findUnique({ where: { id: input.receiverId }, select: { format: true } });
  if (!receiver) throw new AppError("bad_request", `invalid contact method: unknown receiver ${input.receiverId}`);
  if (input.kind === "email" && receiver.format !== "email") throw new AppError("bad_request", "invalid contact method: an e-mail contact needs an e-mail receiver (its SMTP settings send it)");
  if (input.kind === "channel" && receiver.format === "email") throw new AppError("bad_request", "invalid contact method: an e-mail receiver needs an address: use kind email");
  const row = await writeSettings(
    db,
    db.contactMethod.create({ data: { id: newId(), userId, kind: input.kind, receiverId: input.receiverId, address: input.kind === "email" ? input.address : null, label: input.label } }),
  );
  return contactView(row, true);
}

/** The contact's owner, for the caller's authorization check (404 when it does not exist). */
export async function contactOwner(db: Db, userId: string, contactId: string): Promise<string> {
  const row = await db.contactMethod.findFirst({ where: { id: contactId, userId }, select: { userId: true } });
  if (!row) throw new AppError("not_found", `no contact method ${contactId} for user ${userId}`);
  return row.userId;
}

export async function deleteContact(db: Db, userId: string, contactId: string): Promise<void> {
  const deleted = await writeSettings(db, db.contactMethod.deleteMany({ where: { id: contactId, userId } }));
  if (deleted.count === 0) throw new AppError("not_found", `no contact method ${contactId} for user ${userId}`);
}
