/**
 * Escalation policies, on-call schedules, overrides and contact methods through the real server:
 * who may change what, whose addresses are shown, and who `GET /api/v1/on-call` says is on call
 * during an override and after it ends.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { api, startVigil, waitFor, type VigilProcess } from "./support/vigil-server";

let server: VigilProcess;
const PASSWORD = "on-call-password-1";

type Session = { cookie: string; userId: string };
type Answer<T> = { status: number; body: T };

async function asUser<T = unknown>(session: Session, method: string, path: string, body?: unknown): Promise<Answer<T>> {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { cookie: session.cookie, origin: server.url, ...(method === "GET" ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
}

async function asAdmin<T = unknown>(method: string, path: string, body?: unknown): Promise<Answer<T>> {
  return api<T>(server, path, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
}

async function created<T>(path: string, body: unknown): Promise<T> {
  const answer = await asAdmin<T>("POST", path, body);
  assert.equal(answer.status, 201, `${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}

async function userWithSession(email: string, role: "viewer" | "operator" | "admin"): Promise<Session> {
  const user = await created<{ item: { id: string } }>("/api/v1/users", { email, password: PASSWORD, role, name: email.split("@")[0] });
  const response = await fetch(`${server.url}/api/v1/auth/login`, { method: "POST", headers: { origin: server.url, "content-type": "application/json" }, body: JSON.stringify({ email, password: PASSWORD }) });
  assert.equal(response.status, 200, await response.clone().text());
  return { cookie: (response.headers.get("set-cookie") ?? "").split(";")[0], userId: user.item.id };
}

type OnCall = { items: { scheduleId: string; current: { userId: string; userName: string; overrideId: string | null; endsAt: number } | null; next: { userId: string } | null; shifts: { userId: string }[] }[] };
type Contact = { id: string; userId: string; address: string | null; redacted: boolean };

before(async () => {
  server = await startVigil();
});

after(async () => {
  await server?.stop();
  server?.cleanup();
});

test("admins configure, operators override and keep their own contacts, viewers read without others' addresses", { timeout: 120_000 }, async () => {
  const operator = await userWithSession("olga@on-call.test", "operator");
  const viewer = await userWithSession("viktor@on-call.test", "viewer");
  const rotating = await created<{ item: { id: string } }>("/api/v1/users", { email: "rita@on-call.test", password: PASSWORD, role: "operator", name: "rita" });
  const mail = await created<{ id: string }>("/api/v1/receivers", {
    name: "on-call-mail",
    format: "email",
    url: "smtp://127.0.0.1:2525",
    config: { from: "vigil@example.test", to: ["ops@example.test"], security: "none" },
  });

  // Admin: a schedule whose only rotation has rita on call, and a policy paging it.
  const bad = await asAdmin<{ error: { message: string } }>("POST", "/api/v1/schedules", { name: "Bad", timeZone: "Mars/Olympus", rotations: [{ name: "r", users: [rotating.item.id], startsAt: 0, handoffTime: "09:00", lengthDays: 7 }] });
  assert.equal(bad.status, 400);
  assert.match(bad.body.error.message, /timeZone/);
  const schedule = await created<{ id: string; name: string }>("/api/v1/schedules", {
    name: "Primary",
    timeZone: "Europe/Berlin",
    rotations: [{ name: "weekly", users: [rotating.item.id], startsAt: Date.now() - 86_400_000, handoffTime: "09:00", lengthDays: 7 }],
  });
  assert.equal((await asAdmin("POST", "/api/v1/schedules", { name: "Primary", timeZone: "UTC", rotations: [{ name: "r", users: [rotating.item.id], startsAt: 0, handoffTime: "09:00", lengthDays: 7 }] })).status, 409);
  const policyBody = {
    name: "Storage",
    routing: { severities: ["critical"], groupBy: ["alertname", "node"], groupWaitMs: 0 },
    steps: [
      { delayMs: 0, targets: [{ kind: "schedule", id: schedule.id }] },
      { delayMs: 600_000, targets: [{ kind: "receiver", id: mail.id }] },
    ],
    repeat: 2,
  };
  assert.equal((await asAdmin("POST", "/api/v1/escalation-policies", { ...policyBody, name: "Too fast", steps: [policyBody.steps[0], { ...policyBody.steps[1], delayMs: 500 }] })).status, 400);
  assert.equal((await asAdmin("POST", "/api/v1/escalation-policies", { ...policyBody, name: "Ghost", steps: [{ delayMs: 0, targets: [{ kind: "schedule", id: "no-such-schedule" }] }] })).status, 400);
  const policy = await created<{ id: string; recoveryAware: boolean; enabled: boolean }>("/api/v1/escalation-policies", policyBody);
  assert.equal(policy.recoveryAware, true);
  assert.equal(policy.enabled, true);
  const listed = await asUser<{ items: { id: string }[] }>(viewer, "GET", "/api/v1/escalation-policies");
  assert.deepEqual(listed.body.items.map((p) => p.id), [policy.id]);
  assert.equal((await asAdmin("DELETE", `/api/v1/schedules/${schedule.id}`)).status, 409, "a schedule a policy pages cannot be deleted");

  // Operator: no policy edits, but an override putting themselves on call for a few seconds.
  assert.equal((await asUser(operator, "PUT", `/api/v1/escalation-policies/${policy.id}`, { ...policyBody, repeat: 0 })).status, 403);
  assert.equal((await asUser(operator, "POST", "/api/v1/escalation-policies", { ...policyBody, name: "Mine" })).status, 403);
  assert.equal((await asUser(viewer, "POST", `/api/v1/schedules/${schedule.id}/overrides`, { userId: viewer.userId, startsAt: Date.now(), endsAt: Date.now() + 60_000 })).status, 403);
  const overrideEnds = Date.now() + 6_000;
  const override = await asUser<{ id: string; createdBy: string }>(operator, "POST", `/api/v1/schedules/${schedule.id}/overrides`, { userId: operator.userId, startsAt: Date.now() - 1_000, endsAt: overrideEnds });
  assert.equal(override.status, 201, JSON.stringify(override.body));
  const overrides = await asUser<{ items: { id: string }[] }>(viewer, "GET", `/api/v1/schedules/${schedule.id}/overrides`);
  assert.deepEqual(overrides.body.items.map((o) => o.id), [override.body.id]);

  const during = await asUser<OnCall>(viewer, "GET", "/api/v1/on-call");
  assert.equal(during.status, 200);
  const primary = during.body.items.find((item) => item.scheduleId === schedule.id);
  assert.equal(primary?.current?.userId, operator.userId, JSON.stringify(during.body));
  assert.equal(primary?.current?.overrideId, override.body.id);
  assert.equal(primary?.current?.endsAt, overrideEnds);
  assert.equal(primary?.next?.userId, rotating.item.id);

  // Contacts: operators their own only; viewers see that others have them, not where.
  const own = await asUser<Contact>(operator, "POST", `/api/v1/users/${operator.userId}/contacts`, { kind: "email", receiverId: mail.id, address: "olga@example.test" });
  assert.equal(own.status, 201, JSON.stringify(own.body));
  assert.equal((await asUser(operator, "POST", `/api/v1/users/${rotating.item.id}/contacts`, { kind: "email", receiverId: mail.id, address: "x@example.test" })).status, 403);
  assert.equal((await asUser(viewer, "POST", `/api/v1/users/${viewer.userId}/contacts`, { kind: "email", receiverId: mail.id, address: "v@example.test" })).status, 403);
  assert.equal((await asAdmin("POST", `/api/v1/users/${rotating.item.id}/contacts`, { kind: "channel", receiverId: mail.id })).status, 400, "an e-mail receiver needs an address");
  const ritas = await created<Contact>(`/api/v1/users/${rotating.item.id}/contacts`, { kind: "email", receiverId: mail.id, address: "rita@example.test" });
  const seenByViewer = await asUser<{ items: Contact[] }>(viewer, "GET", `/api/v1/users/${operator.userId}/contacts`);
  assert.equal(seenByViewer.status, 200);
  assert.deepEqual(seenByViewer.body.items.map((c) => [c.address, c.redacted]), [[null, true]]);
  assert.ok(!JSON.stringify(seenByViewer.body).includes("olga@example.test"));
  const seenByOwner = await asUser<{ items: Contact[] }>(operator, "GET", `/api/v1/users/${operator.userId}/contacts`);
  assert.deepEqual(seenByOwner.body.items.map((c) => c.address), ["olga@example.test"]);
  const seenByAdmin = await asAdmin<{ items: Contact[] }>("GET", `/api/v1/users/${rotating.item.id}/contacts`);
  assert.deepEqual(seenByAdmin.body.items.map((c) => c.address), ["rita@example.test"]);
  assert.equal((await asUser(operator, "DELETE", `/api/v1/users/${rotating.item.id}/contacts/${ritas.id}`)).status, 403);
  assert.equal((await asUser(operator, "DELETE", `/api/v1/users/${operator.userId}/contacts/${own.body.id}`)).status, 200);
  assert.equal((await asUser(operator, "DELETE", `/api/v1/users/${operator.userId}/contacts/${own.body.id}`)).status, 404);

  // After the override ends the rotation's user is on call again.
  const afterwards = await waitFor(
    "the rotation's user back on call",
    async () => {
      const answer = await asUser<OnCall>(viewer, "GET", "/api/v1/on-call");
      const item = answer.body.items.find((i) => i.scheduleId === schedule.id);
      return item?.current?.userId === rotating.item.id ? item : null;
    },
    20_000,
    250,
  );
  assert.ok(Date.now() >= overrideEnds);
  assert.equal(afterwards.current?.overrideId, null);

  // The audit log names who did it.
  const audit = await asAdmin<{ items: { action: string; actor: string; outcome: string }[] }>("GET", "/api/v1/audit?action=schedule.override-create");
  assert.ok(audit.body.items.some((entry) => entry.actor === "olga@on-call.test" || entry.actor === "olga"), JSON.stringify(audit.body));
  assert.equal((await asUser(operator, "DELETE", `/api/v1/schedules/${schedule.id}/overrides/${override.body.id}`)).status, 200);
  assert.equal((await asAdmin("DELETE", `/api/v1/escalation-policies/${policy.id}`)).status, 200);
  assert.equal((await asAdmin("DELETE", `/api/v1/schedules/${schedule.id}`)).status, 200);
});
