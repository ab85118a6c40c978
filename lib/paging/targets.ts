/**
 * Who one escalation step reaches right now: receivers as they are, people through their
 * contact methods, schedules through whoever is on call. Pure: the caller gives the
 * configuration and the time. What cannot be reached is said in `problems` (shown on the page's
 * event log) rather than thrown, so one broken target never silences the others.
 */
import type { ContactMethod } from "./contacts";
import type { NotifiedTarget } from "./engine";
import type { EscalationPolicy, PolicyStep } from "./policy";
import { onCallAt, type Override, type Schedule } from "./on-call";

export type StoredOverride = Override & { id: string; scheduleId: string; createdBy: string };

/** Everything paging needs, loaded once per settings version by `loadPagingConfig` (lib/store/paging-config.ts). */
export type PagingConfig = {
  /** Every policy, disabled ones included: the paging round keeps the enabled. */
  policies: (EscalationPolicy & { id: string })[];
  schedules: (Schedule & { id: string })[];
  overrides: StoredOverride[];
  contacts: ContactMethod[];
  users: { id: string; name: string | null; email: string }[];
  /** Every receiver; `disabledReceiverIds` are the ones switched off (by hand or after failures). */
  receiverIds: string[];
  disabledReceiverIds: string[];
  /** What the page's timeline calls a receiver (its id when missing). */
  receiverNames?: Readonly<Record<string, string>>;
};

export type TargetContext = PagingConfig & { now: number };

/** One recipient: a receiver, with an e-mail address for e-mail contacts; `userId` when a person is paged. */
export type TargetDelivery = NotifiedTarget & { userId: string | null; via: string };
export type ResolvedTargets = { deliveries: TargetDelivery[]; problems: string[] };

function userLabel(user: PagingConfig["users"][number]): string {
  return user.name || user.email;
}

/** Why a receiver cannot be paged, or null when it can. */
function receiverProblem(receiverId: string, context: TargetContext): string | null {
  if (!context.receiverIds.includes(receiverId)) return `unknown receiver ${receiverId}`;
  if (context.disabledReceiverIds.includes(receiverId)) return `receiver ${receiverId} is disabled`;
  return null;
}

function userDeliveries(userId: string, context: TargetContext, prefix: string): ResolvedTargets {
  const user = context.users.find((u) => u.id === userId);
  if (!user) return { deliveries: [], problems: [`${prefix.startsWith("schedule") ? prefix : ""}unknown user ${userId}`] };
  const contacts = context.contacts.filter((c) => c.userId === userId);
  if (contacts.length === 0) return { deliveries: [], problems: [`${prefix}${userLabel(user)} has no contact methods`] };
  const deliveries: TargetDelivery[] = [];
  const problems: string[] = [];
  for (const contact of contacts) {
    const problem = receiverProblem(contact.receiverId, context);
    if (problem) {
      problems.push(`${prefix}${userLabel(user)}: contact method ${contact.label || contact.id}: ${problem}`);
      continue;
    }
    const how = contact.kind === "email" ? `e-mail ${contact.address}` : contact.label || `receiver ${context.receiverNames?.[contact.receiverId] ?? contact.receiverId}`;
    deliveries.push({ receiverId: contact.receiverId, address: contact.kind === "email" ? contact.address : null, userId, via: `${prefix}${userLabel(user)} (${how})` });
  }
  // Every way to reach them is broken: say so plainly, the engine treats it like no contact methods.
  if (deliveries.length === 0) problems.push(`${prefix}${userLabel(user)} cannot be reached`);
  return { deliveries, problems };
}

function targetDeliveries(target: PolicyStep["targets"][number], context: TargetContext): ResolvedTargets {
  if (target.kind === "receiver") {
    const problem = receiverProblem(target.id, context);
    if (problem) return { deliveries: [], problems: [problem] };
    return { deliveries: [{ receiverId: target.id, address: null, userId: null, via: `receiver ${context.receiverNames?.[target.id] ?? target.id}` }], problems: [] };
  }
  if (target.kind === "user") return userDeliveries(target.id, context, "user ");
  const schedule = context.schedules.find((s) => s.id === target.id);
  if (!schedule) return { deliveries: [], problems: [`unknown schedule ${target.id}`] };
  const onCall = onCallAt(schedule, context.overrides.filter((o) => o.scheduleId === schedule.id), context.now);
  if (!onCall) return { deliveries: [], problems: [`schedule ${schedule.name}: nobody is on call`] };
  return userDeliveries(onCall.userId, context, `schedule ${schedule.name} → `);
}

export function resolveTargets(step: Pick<PolicyStep, "targets">, context: TargetContext): ResolvedTargets {
  const deliveries: TargetDelivery[] = [];
  const problems: string[] = [];
  for (const target of step.targets) {
    const resolved = targetDeliveries(target, context);
    problems.push(...resolved.problems);
    // The first path to a recipient names it; the same recipient reached again is told once.
    for (const d of resolved.deliveries) if (!deliveries.some((e) => e.receiverId === d.receiverId && e.address === d.address)) deliveries.push(d);
  }
  return { deliveries, problems };
}
