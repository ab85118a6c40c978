import "server-only";
import type { RecoveryHook as RecoveryHookRow } from "../generated/prisma/client";
import type { HookOnError, HookPhase, RecoveryHook, RecoveryHookConfig, RecoveryHookPatch } from "../recovery";
import type { RecoveryHookList, RecoveryHookView } from "../protocol/api/recovery";
import type { Db } from "./prisma";
import { randomUUID as newId } from "node:crypto";
import { AppError } from "../errors";
import { patchHookConfig } from "../recovery";
import { newWebhookSecret } from "../webhooks";
import { auditWrite } from "./recovery";
import { cachedSetting, writeSettings } from "./settings-cache";

function configOf(row: RecoveryHookRow): RecoveryHookConfig {
  return {
    name: row.name,
    url: row.url,
    phase: row.phase as HookPhase,
    actionKinds: JSON.parse(row.actionKinds) as RecoveryHookConfig["actionKinds"],
    groupIds: JSON.parse(row.groupIds) as string[],
    timeoutMs: row.timeoutMs,
    onError: row.onError as HookOnError,
    enabled: row.enabled,
  };
}

function view(row: RecoveryHookRow): RecoveryHookView {
  return { id: row.id, ...configOf(row), secretPrefix: row.secret.slice(0, 12), createdBy: row.createdBy, createdAt: row.createdAt.toISOString(), redacted: false };
}

function columns(config: RecoveryHookConfig) {
  return { ...config, actionKinds: JSON.stringify(config.actionKinds), groupIds: JSON.stringify(config.groupIds) };
}

export async function listRecoveryHooks(db: Db): Promise<RecoveryHookList> {
  const rows = await db.recoveryHook.findMany({ orderBy: { name: "asc" } });
  return { items: rows.map(view) };
}

/** The enabled hooks with their secrets, for the executor. */
export async function loadEnabledRecoveryHooks(db: Db): Promise<RecoveryHook[]> {
  return cachedSetting(db, "recovery.hooks.enabled", async () => {
    const rows = await db.recoveryHook.findMany({ where: { enabled: true } });
    return rows.map((row) => ({ id: row.id, secret: row.secret, ...configOf(row) }));
  });
}

async function refuseDuplicateName(db: Db, name: string, exceptId: string | null): Promise<void> {
  const existing = await db.recoveryHook.findUnique({ where: { name } });
  if (existing && existing.id !== exceptId) throw new AppError("conflict", `a recovery hook named ${name} exists`);
}

/** Answers the `whsec_` signing secret this once. */
export async function createRecoveryHook(db: Db, config: RecoveryHookConfig, by: string, now: number): Promise<RecoveryHookView & { secret: string }> {
  await refuseDuplicateName(db, config.name, null);
  const secret = newWebhookSecret();
  const row = await writeSettings(
    db,
    db.recoveryHook.create({ data: { id: newId(), secret, createdBy: by, ...columns(config) } }),
    auditWrite(db, { at: now, actor: by, action: "recovery-hook.create", target: config.name, outcome: "created", detail: describe(config) }),
  );
  return { ...view(row), secret };
}

export async function updateRecoveryHook(db: Db, id: string, patch: RecoveryHookPatch, by: string, now: number): Promise<RecoveryHookView> {
  const row = await db.recoveryHook.findUnique({ where: { id } });
  if (!row) throw new AppError("not_found", `no recovery hook ${id}`);
  const merged = patchHookConfig(configOf(row), patch);
  if (!merged.ok) throw new AppError("bad_request", `invalid recovery hook: ${merged.error}`);
  await refuseDuplicateName(db, merged.config.name, id);
  const updated = await writeSettings(
    db,
    db.recoveryHook.update({ where: { id }, data: columns(merged.config) }),
    auditWrite(db, { at: now, actor: by, action: "recovery-hook.update", target: merged.config.name, outcome: "saved", detail: describe(merged.config) }),
  );
  return view(updated);
}

export async function deleteRecoveryHook(db: Db, id: string, by: string, now: number): Promise<void> {
  const row = await db.recoveryHook.findUnique({ where: { id } });
  if (!row) throw new AppError("not_found", `no recovery hook ${id}`);
  await writeSettings(db, db.recoveryHook.delete({ where: { id } }), auditWrite(db, { at: now, actor: by, action: "recovery-hook.delete", target: row.name, outcome: "deleted" }));
}

/** For the audit trail: what the hook does, without its secret. */
function describe(config: RecoveryHookConfig): string {
  const kinds = config.actionKinds.length ? config.actionKinds.join(",") : "all kinds";
  const groups = config.groupIds.length ? config.groupIds.join(",") : "all groups";
  return `${config.phase} ${config.url} (${kinds}; ${groups}; ${config.timeoutMs} ms${config.phase === "pre" ? `; on error ${config.onError}` : ""}${config.enabled ? "" : "; disabled"})`;
}
