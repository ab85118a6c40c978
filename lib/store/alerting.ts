import "server-only";
import type { Alert, AlertRules, MaintenanceWindow, Receiver as RoutingReceiver, Silence } from "../alerts";
import type { Receiver } from "../generated/prisma/client";
import type { Db } from "./prisma";
import type { AlertList, AlertQuery, DeliveryList, DeliveryQuery, NewMaintenance, NewReceiver, NewSilence, ReceiverList, ReceiverUpdate, ReceiverView, SilenceList, SilenceView } from "../protocol/api/alerts";
import { defaultAlertRules, storedAlertRulesSchema, fingerprint, maintenanceWindowSchema, receiverSchema, silenceSchema, silenceState } from "../alerts";
import { maintenanceWindowActive, NO_END } from "../alerts/maintenance";
import { randomUUID as newId } from "node:crypto";
import { getConfig } from "../config";
import { AppError } from "../errors";
import { templateProblem } from "../webhooks/templates";
import { channelFor, checkChannelSettings, messageForNotification, newDelivery, newWebhookId, newWebhookSecret, type Notification, type SigningSecret, type WebhookFormat } from "../webhooks";
import { receiverRowToWebhookReceiver } from "./outbox";
import { cachedSetting, writeSettings } from "./settings-cache";

const RULES_KEY = "alerts.rules";
/** During a rotation the old secret keeps signing (a second signature) for this long. */
const SECRET_OVERLAP_MS = 24 * 3_600_000;

// ---------- receivers ----------

type Routing = Omit<RoutingReceiver, "id" | "name">;

function receiverView(row: Receiver): ReceiverView {
  const routing = JSON.parse(row.routing) as Routing;
  const secrets = JSON.parse(row.secrets) as SigningSecret[];
  return {
    id: row.id,
    name: row.name,
    url: row.url,
    format: row.format as ReceiverView["format"],
    headers: JSON.parse(row.headers) as Record<string, string>,
    config: JSON.parse(row.config || "{}") as Record<string, unknown>,
    // Names only: a secret is never answered, not even to an admin.
    credentialKeys: Object.keys(JSON.parse(row.credentials || "{}") as Record<string, unknown>).sort(),
    titleTemplate: row.titleTemplate,
    bodyTemplate: row.bodyTemplate,
    groupBy: routing.groupBy,
    groupWait: routing.groupWaitMs,
    groupInterval: routing.groupIntervalMs,
    repeatInterval: routing.repeatIntervalMs,
    sendResolved: routing.sendResolved,
    severities: routing.severities ?? null,
    matchers: routing.matchers ?? null,
    enabled: row.enabled,
    disabledReason: row.disabledReason,
    disabledAt: row.disabledAt?.toISOString() ?? null,
    // Only a prefix: the secret itself is shown once, when it is created.
    secrets: secrets.map((s) => ({ prefix: s.secret.slice(0, 12), createdAt: s.createdAt, retiresAt: s.retiresAt })),
    createdAt: row.createdAt.toISOString(),
    redacted: false,
  };
}

function routingFrom(input: Partial<NewReceiver>, base?: Routing): Routing {
  // A matcher stored before RE2 was required fails here when an update keeps it: say which.
  const checked = receiverSchema.safeParse({
    id: "x",
    name: "x",
    groupBy: input.groupBy ?? base?.groupBy,
    groupWaitMs: input.groupWait ?? base?.groupWaitMs,
    groupIntervalMs: input.groupInterval ?? base?.groupIntervalMs,
    repeatIntervalMs: input.repeatInterval ?? base?.repeatIntervalMs,
    sendResolved: input.sendResolved ?? base?.sendResolved,
    severities: input.severities ?? base?.severities,
    matchers: input.matchers ?? base?.matchers,
  });
  if (!checked.success) throw new AppError("bad_request", `invalid receiver: ${checked.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  const { id: _id, name: _name, ...routing } = checked.data;
  return routing;
}

/** The URL a format needs: an SMTP server for e-mail, an http(s) endpoint or API base for the rest. */
function checkReceiverUrl(format: WebhookFormat, url: string): void {
  const smtp = /^smtps?:\/\//i.test(url);
  if (format === "email" && !smtp) throw new AppError("bad_request", "invalid receiver: url: an e-mail receiver's URL is smtp://host:port (STARTTLS) or smtps://host:port (TLS)");
  if (format !== "email" && smtp) throw new AppError("bad_request", `invalid receiver: url: a ${format} receiver's URL is http:// or https://`);
}

/** Stored credentials kept where an update leaves a key out or empty ("set — leave empty to keep"). */
function mergedCredentials(stored: Record<string, unknown>, input: Record<string, unknown> | undefined): Record<string, unknown> {
  const given = Object.entries(input ?? {}).filter(([, value]) => value !== "" && value !== null && value !== undefined);
  return { ...stored, ...Object.fromEntries(given) };
}

/** Config and credentials checked against the format's schema (lib/webhooks/channels), as stored. */
function channelSettings(format: WebhookFormat, url: string, config: unknown, credentials: unknown): { config: string; credentials: string } {
  checkReceiverUrl(format, url);
  const checked = checkChannelSettings(format, config, credentials);
  if (!checked.ok) throw new AppError("bad_request", `invalid receiver: ${checked.error}`);
  return { config: JSON.stringify(checked.config), credentials: JSON.stringify(checked.credentials) };
}

/** A template that does not even parse is refused on save; one that fails later, on a page's data, falls back to the default. */
function checkTemplates(input: { titleTemplate?: string | null; bodyTemplate?: string | null }): void {
  for (const [name, source] of [["titleTemplate", input.titleTemplate], ["bodyTemplate", input.bodyTemplate]] as const) {
    const problem = source ? templateProblem(source) : null;
    if (problem) throw new AppError("bad_request", `invalid receiver: ${name}: ${problem}`);
  }
}

export async function createReceiver(db: Db, input: NewReceiver, now: number): Promise<ReceiverView & { secret: string }> {
  checkTemplates(input);
  if (await db.receiver.findUnique({ where: { name: input.name } })) throw new AppError("conflict", `a receiver named ${input.name} exists`);
  const url = input.url ?? channelFor(input.format)?.defaultUrl;
  if (!url) throw new AppError("bad_request", `invalid receiver: url: a ${input.format} receiver needs one`);
  const secret = newWebhookSecret();
  const row = await writeSettings(db, db.receiver.create({
    data: {
      id: newId(),
      name: input.name,
      url,
      format: input.format,
      headers: JSON.stringify(input.headers ?? {}),
      secrets: JSON.stringify([{ secret, createdAt: now, retiresAt: null } satisfies SigningSecret]),
      routing: JSON.stringify(routingFrom(input)),
      ...channelSettings(input.format, url, input.config ?? {}, mergedCredentials({}, input.credentials)),
      titleTemplate: input.titleTemplate ?? null,
      bodyTemplate: input.bodyTemplate ?? null,
    },
  }));
  return { ...receiverView(row), secret };
}

export async function updateReceiver(db: Db, id: string, input: ReceiverUpdate): Promise<ReceiverView> {
  checkTemplates(input);
  const row = await db.receiver.findUnique({ where: { id } });
  if (!row) throw new AppError("not_found", `no receiver ${id}`);
  const format = input.format ?? (row.format as WebhookFormat);
  // Another format's secrets mean nothing to this one: a format change starts from none.
  const storedCredentials = format === row.format ? (JSON.parse(row.credentials || "{}") as Record<string, unknown>) : {};
  const settings = channelSettings(format, input.url ?? row.url, input.config ?? (format === row.format ? JSON.parse(row.config || "{}") : {}), mergedCredentials(storedCredentials, input.credentials));
  const updated = await writeSettings(db, db.receiver.update({
    where: { id },
    data: {
      ...(input.name ? { name: input.name } : {}),
      ...(input.url ? { url: input.url } : {}),
      ...(input.format ? { format: input.format } : {}),
      ...(input.headers ? { headers: JSON.stringify(input.headers) } : {}),
      ...(input.enabled !== undefined ? { enabled: input.enabled, ...(input.enabled ? { disabledAt: null, disabledReason: null } : {}) } : {}),
      routing: JSON.stringify(routingFrom(input, JSON.parse(row.routing) as Routing)),
      ...settings,
      ...(input.titleTemplate !== undefined ? { titleTemplate: input.titleTemplate } : {}),
      ...(input.bodyTemplate !== undefined ? { bodyTemplate: input.bodyTemplate } : {}),
    },
  }));
  return receiverView(updated);
}

/** A new secret signs from now on; the old one keeps signing alongside it for a day, then retires. */
export async function rotateReceiverSecret(db: Db, id: string, now: number): Promise<{ secret: string; receiver: ReceiverView }> {
  const row = await db.receiver.findUnique({ where: { id } });
  if (!row) throw new AppError("not_found", `no receiver ${id}`);
  const secret = newWebhookSecret();
  const kept = (JSON.parse(row.secrets) as SigningSecret[])
    .filter((s) => s.retiresAt === null || s.retiresAt > now)
    .map((s) => ({ ...s, retiresAt: s.retiresAt ?? now + SECRET_OVERLAP_MS }));
  const updated = await writeSettings(db, db.receiver.update({ where: { id }, data: { secrets: JSON.stringify([{ secret, createdAt: now, retiresAt: null }, ...kept]) } }));
  return { secret, receiver: receiverView(updated) };
}

export async function listReceivers(db: Db): Promise<ReceiverList> {
  return { items: (await db.receiver.findMany({ orderBy: { createdAt: "asc" } })).map(receiverView) };
}

export async function deleteReceiver(db: Db, id: string): Promise<void> {
  // Together: a receiver that no longer exists has no pending deliveries (none if it never existed).
  const deleted = await writeSettings(
    db,
    db.receiver.deleteMany({ where: { id } }),
    db.delivery.updateMany({ where: { receiverId: id, status: "pending" }, data: { status: "dead", lastError: "receiver deleted" } }),
  );
  if (deleted.count === 0) throw new AppError("not_found", `no receiver ${id}`);
}

/** Receivers as the router needs them. */
export async function routingReceivers(db: Db): Promise<RoutingReceiver[]> {
  return cachedSetting(db, "alerts.receivers.routing", async () => {
    const rows = await db.receiver.findMany();
    return rows.map((row) => ({ id: row.id, name: row.name, ...(JSON.parse(row.routing) as Routing) }));
  });
}

// ---------- silences and maintenance ----------

const toMs = (value: number | string | undefined, fallback: number): number => (value === undefined ? fallback : typeof value === "number" ? value : Date.parse(value));

function silenceRowToSilence(row: { id: string; matchers: string; startsAt: bigint; endsAt: bigint; createdBy: string; comment: string }): Silence {
  return { id: row.id, matchers: JSON.parse(row.matchers) as Silence["matchers"], startsAt: Number(row.startsAt), endsAt: Number(row.endsAt), createdBy: row.createdBy, comment: row.comment };
}

export async function createSilence(db: Db, input: NewSilence, by: string, now: number): Promise<SilenceView> {
  const silence = silenceSchema.safeParse({ id: newId(), matchers: input.matchers, startsAt: toMs(input.startsAt, now), endsAt: toMs(input.endsAt, now), createdBy: by, comment: input.comment });
  if (!silence.success) throw new AppError("bad_request", `invalid silence: ${silence.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  const s = silence.data;
  await writeSettings(db, db.silence.create({ data: { id: s.id, matchers: JSON.stringify(s.matchers), startsAt: BigInt(s.startsAt), endsAt: BigInt(s.endsAt), createdBy: s.createdBy, comment: s.comment } }));
  return { ...s, state: silenceState(s, now) };
}

export async function listSilences(db: Db, now: number, limit = 500): Promise<SilenceList> {
  const rows = await db.silence.findMany({ orderBy: { createdAt: "desc" }, take: limit });
  return { items: rows.map(silenceRowToSilence).map((s) => ({ ...s, state: silenceState(s, now) })) };
}

/** Expiring ends a silence now; it stays listed as expired. */
export async function expireSilence(db: Db, id: string, now: number): Promise<SilenceView> {
  const row = await db.silence.findUnique({ where: { id } });
  if (!row) throw new AppError("not_found", `no silence ${id}`);
  const updated = await writeSettings(db, db.silence.update({ where: { id }, data: { endsAt: BigInt(Math.min(now, Number(row.endsAt))) } }));
  const silence = silenceRowToSilence(updated);
  return { ...silence, state: silenceState(silence, now) };
}

export async function activeSilences(db: Db, now: number): Promise<Silence[]> {
  // Cached are the silences not yet ended when loaded; those that end later fall out here.
  const unended = await cachedSetting(db, "alerts.silences.unended", async () =>
    (await db.silence.findMany({ where: { endsAt: { gt: BigInt(now) } } })).map(silenceRowToSilence),
  );
  return unended.filter((silence) => silence.endsAt > now);
}

function maintenanceRow(row: { id: string; targetKind: string; target: string; startsAt: bigint; endsAt: bigint; comment: string; createdBy: string; recurrence: string | null }): MaintenanceWindow {
  return maintenanceWindowSchema.parse({
    id: row.id,
    target: row.targetKind === "node" ? { node: row.target } : { group: row.target },
    startsAt: Number(row.startsAt),
    endsAt: Number(row.endsAt),
    comment: row.comment,
    recurrence: row.recurrence === null ? null : JSON.parse(row.recurrence),
  });
}

export async function createMaintenance(db: Db, input: NewMaintenance, by: string, now: number): Promise<MaintenanceWindow> {
  const recurrence = input.recurrence ?? null;
  // A recurring window without an end recurs until someone ends it.
  const endsAt = input.endsAt === undefined ? (recurrence ? NO_END : undefined) : toMs(input.endsAt, now);
  if (endsAt === undefined) throw new AppError("bad_request", "invalid maintenance window: a one-off window needs endsAt");
  const parsed = maintenanceWindowSchema.safeParse({ id: newId(), target: input.target, startsAt: toMs(input.startsAt, now), endsAt, comment: input.comment, recurrence });
  if (!parsed.success) throw new AppError("bad_request", `invalid maintenance window: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  const w = parsed.data;
  const [targetKind, target] = "node" in w.target ? ["node", w.target.node] : ["group", w.target.group];
  await writeSettings(db, db.maintenanceWindow.create({ data: { id: w.id, targetKind, target: target as string, startsAt: BigInt(w.startsAt), endsAt: BigInt(w.endsAt), comment: w.comment, createdBy: by, recurrence: w.recurrence ? JSON.stringify(w.recurrence) : null } }));
  return w;
}

export async function listMaintenance(db: Db, now: number, onlyActive = false, limit = 500): Promise<MaintenanceWindow[]> {
  if (!onlyActive) {
    const rows = await db.maintenanceWindow.findMany({ orderBy: { startsAt: "desc" }, take: limit });
    return rows.map(maintenanceRow);
  }
  // Cached are the windows not yet ended when loaded; those that end later fall out here.
  const unended = await cachedSetting(db, "maintenance.unended", async () => {
    const rows = await db.maintenanceWindow.findMany({ where: { endsAt: { gt: BigInt(now) } }, orderBy: { startsAt: "desc" }, take: 500 });
    return rows.map(maintenanceRow);
  });
  // A recurring window is only active during an occurrence; a one-off one is listed until it ends.
  return unended.filter((w) => w.endsAt > now && (!w.recurrence || maintenanceWindowActive(w, now)));
}

export async function endMaintenance(db: Db, id: string, now: number): Promise<void> {
  const updated = await writeSettings(db, db.maintenanceWindow.updateMany({ where: { id }, data: { endsAt: BigInt(now) } }));
  if (updated.count === 0) throw new AppError("not_found", `no maintenance window ${id}`);
}

// ---------- rules ----------

export async function loadAlertRules(db: Db): Promise<AlertRules> {
  return cachedSetting(db, RULES_KEY, async () => {
    const row = await db.jobState.findUnique({ where: { key: RULES_KEY } });
    if (!row) return defaultAlertRules();
    const parsed = storedAlertRulesSchema.safeParse(JSON.parse(row.value));
    return parsed.success ? parsed.data : defaultAlertRules();
  });
}

export async function saveAlertRules(db: Db, rules: AlertRules): Promise<AlertRules> {
  const value = JSON.stringify(rules);
  await writeSettings(db, db.jobState.upsert({ where: { key: RULES_KEY }, create: { key: RULES_KEY, value }, update: { value } }));
  return rules;
}

// ---------- alerts and deliveries ----------

export async function listAlerts(db: Db, query: AlertQuery): Promise<AlertList> {
  const rows = await db.alertState.findMany({ where: query.status ? { status: query.status } : {}, orderBy: { updatedAt: "desc" }, take: query.limit });
  return {
    items: rows.map((row) => ({
      fingerprint: row.fingerprint,
      labels: JSON.parse(row.labels) as Record<string, string>,
      annotations: JSON.parse(row.annotations) as Record<string, string>,
      status: row.status as Alert["status"],
      startsAt: Number(row.startsAt),
      endsAt: row.endsAt === null ? null : Number(row.endsAt),
      updatedAt: Number(row.updatedAt),
    })),
  };
}

export async function listDeliveries(db: Db, query: DeliveryQuery): Promise<DeliveryList> {
  const rows = await db.delivery.findMany({
    where: { ...(query.receiverId ? { receiverId: query.receiverId } : {}), ...(query.status ? { status: query.status } : {}) },
    orderBy: { id: "desc" },
    take: query.limit,
    include: { attemptsLog: { orderBy: { id: "desc" }, take: 5 } },
  });
  return {
    items: rows.map((row) => ({
      id: row.id,
      webhookId: row.webhookId,
      receiverId: row.receiverId,
      groupKey: row.groupKey,
      seq: row.seq,
      status: row.status,
      attempts: row.attempts,
      createdAt: Number(row.createdAt),
      nextAttemptAt: Number(row.nextAttemptAt),
      deliveredAt: row.deliveredAt === null ? null : Number(row.deliveredAt),
      lastStatus: row.lastStatus,
      lastError: row.lastError,
      latencyMs: row.latencyMs,
      request: row.body.length > 4096 ? `${row.body.slice(0, 4096)}…` : row.body,
      recentAttempts: row.attemptsLog.map((a) => ({ at: Number(a.at), status: a.status, latencyMs: a.latencyMs, error: a.error, responseBody: a.responseBody })),
      redacted: false,
    })),
  };
}

/** Sends a delivery again as it was (same webhook-id, so receivers that dedupe recognise it). */
export async function redeliver(db: Db, id: number, now: number): Promise<{ id: number; status: string }> {
  const row = await db.delivery.findUnique({ where: { id } });
  if (!row) throw new AppError("not_found", `no delivery ${id}`);
  const updated = await db.delivery.update({ where: { id }, data: { status: "pending", nextAttemptAt: BigInt(now), leaseUntil: null, clientErrors: 0 } });
  return { id: updated.id, status: updated.status };
}

/** A "send test" button: one synthetic notification through the real outbox, signing and retries. */
export async function enqueueTestNotification(db: Db, receiverId: string, by: string, now: number): Promise<{ webhookId: string }> {
  const row = await db.receiver.findUnique({ where: { id: receiverId } });
  if (!row) throw new AppError("not_found", `no receiver ${receiverId}`);
  const groupKey = `test:${receiverId}`;
  const last = await db.delivery.findFirst({ where: { receiverId, groupKey }, orderBy: { seq: "desc" } });
  const labels = { alertname: "VigilTest", severity: "info", receiver: row.name };
  const receiver = receiverRowToWebhookReceiver(row);
  const externalURL = getConfig().externalUrl;
  const notification: Notification = {
    receiverId,
    groupKey,
    groupLabels: { alertname: "VigilTest" },
    status: "firing",
    reason: "test",
    seq: (last?.seq ?? 0) + 1,
    alerts: [{ fingerprint: fingerprint(labels), labels, annotations: { summary: `Test notification sent by ${by}` }, startsAt: now, endsAt: null, status: "firing" }],
  };
  const delivery = newDelivery(messageForNotification(notification, receiver, externalURL), receiver, { webhookId: newWebhookId(), now, externalURL });
  await db.delivery.create({
    data: { webhookId: delivery.webhookId, receiverId, groupKey, seq: delivery.seq, status: "pending", body: delivery.body, nextAttemptAt: BigInt(now), createdAt: BigInt(now) },
  });
  return { webhookId: delivery.webhookId };
}
