import type { z } from "zod";
import type { Role } from "../common";
import type { ApiScope } from "./tokens";
import * as alerts from "./alerts";
import * as audit from "./audit";
import * as auth from "./auth";
import * as cluster from "./cluster";
import * as groups from "./groups";
import * as incidents from "./incidents";
import * as logs from "./logs";
import * as nodes from "./nodes";
import * as overview from "./overview";
import * as pages from "./pages";
import * as paging from "./paging";
import * as problems from "./problems";
import * as replicaGroups from "./replica-groups";
import * as recovery from "./recovery";
import * as ring from "./ring";
import { numericIdSchema, okSchema, openApiDocumentSchema } from "./shared";
import * as tokens from "./tokens";
import * as users from "./users";

export const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

/**
 * One operation of the REST API. `path` is in OpenAPI form (`{id}` for Next's `[id]`);
 * `role` is the least role the route handler requires, or "public" for `publicRoute`.
 * `openapi.test.ts` checks the table against app/api (every route file, method and role).
 */
export type ApiRoute = {
  method: HttpMethod;
  path: string;
  summary: string;
  tag: string;
  role: Role | "public";
  /** API token scopes that open the route (any of them); default `read` for GET, `write` otherwise (lib/auth/scopes.ts). */
  scopes?: ApiScope[];
  query?: z.ZodType;
  body?: z.ZodType;
  /** Path parameters that are not plain strings. */
  params?: Record<string, z.ZodType>;
  status?: 200 | 201 | 202;
  response: z.ZodType;
};

const byId = { id: numericIdSchema };

export const API_ROUTES: ApiRoute[] = [
  { method: "GET", path: "/api/v1/openapi.json", tag: "meta", summary: "This document (OpenAPI 3.1)", role: "public", response: openApiDocumentSchema },
  // nodes, events, logs, overview, cluster
  { method: "GET", path: "/api/v1/nodes", tag: "nodes", summary: "List nodes (filter by state, zone, group or text; cursor pages)", role: "viewer", query: nodes.nodeListQuerySchema, response: nodes.nodeListSchema },
  { method: "GET", path: "/api/v1/nodes/{id}", tag: "nodes", summary: "One node with its recent state changes", role: "viewer", response: nodes.nodeDetailSchema },
  { method: "DELETE", path: "/api/v1/nodes/{id}", tag: "nodes", summary: "Decommission a node: out of detection, groups, guards, rankings and the ring, its agent refused until a credential reset; 409 for a replica group's current primary unless an admin forces it", role: "operator", body: nodes.nodeDecommissionBodySchema, response: nodes.nodeDecommissionSchema },
  { method: "GET", path: "/api/v1/nodes/{id}/metrics", tag: "nodes", summary: "A node's metric series (raw, 1-minute or hourly, by span)", role: "viewer", query: nodes.metricsQuerySchema, response: nodes.metricSeriesSchema },
  { method: "GET", path: "/api/v1/nodes/{id}/events", tag: "nodes", summary: "A node's state changes, newest first", role: "viewer", query: nodes.nodeEventsQuerySchema, response: nodes.nodeEventsSchema },
  { method: "GET", path: "/api/v1/nodes/{id}/groups", tag: "groups", summary: "A node's current load group and its group changes", role: "viewer", query: groups.nodeGroupQuerySchema, response: groups.nodeGroupHistorySchema },
  { method: "GET", path: "/api/v1/enrollments", tag: "nodes", summary: "Nodes waiting for (or refused) an operator's approval", role: "viewer", response: nodes.enrollmentListSchema },
  { method: "POST", path: "/api/v1/enrollments/{id}/approve", tag: "nodes", summary: "Approve a pending node: it joins detection, groups and the ring on its agent's next connect", role: "operator", response: nodes.enrollmentDecisionSchema },
  { method: "POST", path: "/api/v1/enrollments/{id}/reject", tag: "nodes", summary: "Reject a pending node: its agent is refused", role: "operator", response: nodes.enrollmentDecisionSchema },
  { method: "GET", path: "/api/v1/nodes/{id}/steering", tag: "nodes", summary: "What steers recovery about a node: operator pins and a reported change waiting for approval", role: "viewer", response: nodes.nodeSteeringViewSchema },
  { method: "PUT", path: "/api/v1/nodes/{id}/steering", tag: "nodes", summary: "Pin zone, group, role, weight or priority (the whole set; left out = unpinned); pinned values win over the agent's", role: "operator", body: nodes.steeringPinsBodySchema, response: nodes.nodeSteeringViewSchema },
  { method: "POST", path: "/api/v1/nodes/{id}/steering/approve", tag: "nodes", summary: "Apply the steering change the agent reported under a token with manual approval", role: "operator", response: nodes.nodeSteeringViewSchema },
  { method: "POST", path: "/api/v1/nodes/{id}/steering/reject", tag: "nodes", summary: "Discard the steering change the agent reported", role: "operator", response: nodes.nodeSteeringViewSchema },
  { method: "POST", path: "/api/v1/nodes/{id}/credential/reset", tag: "nodes", summary: "Forget a node's credential (rebuilt host, leaked credential): its agent is cut off and enrols again with an enrollment token", role: "admin", response: nodes.credentialResetSchema },
  { method: "GET", path: "/api/v1/events", tag: "nodes", summary: "State changes across the fleet, newest first", role: "viewer", query: nodes.nodeEventsQuerySchema, response: nodes.nodeEventsSchema },
  { method: "GET", path: "/api/v1/logs", tag: "logs", summary: "Search logs (node, minimum level, text, time range; cursor pages)", role: "viewer", query: logs.logQuerySchema, response: logs.logPageSchema },
  { method: "GET", path: "/api/v1/overview", tag: "overview", summary: "Fleet counts, zones, recent events and load: the dashboard's first paint", role: "viewer", response: overview.fleetOverviewSchema },
  { method: "GET", path: "/api/v1/problems", tag: "overview", summary: "What is wrong now: one line per root cause (partitions collapse their zone's alerts and incidents), what Vigil does about it, and Vigil's own health", role: "viewer", response: problems.problemsViewSchema },
  { method: "GET", path: "/api/v1/cluster", tag: "cluster", summary: "Vigil's own instances and the current leader", role: "viewer", response: cluster.clusterViewSchema },
  // load groups
  { method: "GET", path: "/api/v1/groups", tag: "groups", summary: "The latest load-grouping run: groups, members, outliers", role: "viewer", response: groups.groupsResponseSchema },
  { method: "GET", path: "/api/v1/groups/history", tag: "groups", summary: "Past grouping runs, newest first", role: "viewer", query: groups.groupingHistoryQuerySchema, response: groups.groupingHistorySchema },
  { method: "GET", path: "/api/v1/groups/settings", tag: "groups", summary: "Grouping settings", role: "viewer", response: groups.groupingSettingsResponseSchema },
  { method: "PUT", path: "/api/v1/groups/settings", tag: "groups", summary: "Replace the grouping settings", role: "operator", body: groups.groupingSettingsUpdateSchema, response: groups.groupingSettingsResponseSchema },
  // incidents and replica groups
  { method: "GET", path: "/api/v1/incidents", tag: "incidents", summary: "List incidents, newest first", role: "viewer", query: incidents.incidentQuerySchema, response: incidents.incidentListSchema },
  { method: "GET", path: "/api/v1/incidents/{id}", tag: "incidents", summary: "One incident with its timeline", role: "viewer", params: byId, response: incidents.incidentDetailSchema },
  { method: "POST", path: "/api/v1/incidents/{id}/ack", tag: "incidents", summary: "Acknowledge an open incident", role: "operator", params: byId, response: incidents.incidentAckSchema },
  { method: "GET", path: "/api/v1/pages", tag: "pages", summary: "Pages (issue #16): open ones first, then the newest resolved; filter by status or `open`", role: "viewer", query: pages.pageQuerySchema, response: pages.pageListSchema },
  { method: "GET", path: "/api/v1/pages/{id}", tag: "pages", summary: "One page with its timeline (opened, notified, escalated, held, acknowledged, resolved), oldest first", role: "viewer", response: pages.pageDetailSchema },
  { method: "POST", path: "/api/v1/pages/{id}/ack", tag: "pages", summary: "Acknowledge a triggered page: escalation and repeats stop, the channels hear it (409 when acknowledged or resolved already)", role: "operator", response: pages.pageDetailSchema },
  { method: "POST", path: "/api/v1/pages/{id}/resolve", tag: "pages", summary: "Resolve an open page now (409 when resolved already)", role: "operator", response: pages.pageDetailSchema },
  { method: "POST", path: "/api/v1/links/{token}", tag: "pages", summary: "Use a signed one-click link of a page (acknowledge, resolve, approve or deny): the token is the capability, no login; each works once and expires (400 invalid or tampered, 409 expired or already used; `error.details.reason` says which)", role: "public", response: pages.linkResultSchema },
  { method: "GET", path: "/api/v1/replica-groups", tag: "replica-groups", summary: "Replica groups: members, recognised primary, lag, problems, open incidents (`?limit=` pages them, troubled first, with filters and counts over all)", role: "viewer", query: replicaGroups.replicaGroupQuerySchema, response: replicaGroups.replicaGroupListSchema },
  { method: "GET", path: "/api/v1/replica-groups/{id}/switchover", tag: "replica-groups", summary: "Preview a planned switchover: the ranking, the preflight, the guards in the way, and the group's latest switchover with its timeline", role: "viewer", query: replicaGroups.switchoverPreviewQuerySchema, response: replicaGroups.switchoverPreviewSchema },
  { method: "POST", path: "/api/v1/replica-groups/{id}/switchover", tag: "replica-groups", summary: "Request a planned switchover (pause writes, catch up, promote, re-point, unpause), run by the recovery loop under the failover's guards, hooks, fencing and approval mode", role: "operator", body: replicaGroups.switchoverRequestSchema, status: 202, response: replicaGroups.createdSwitchoverSchema },
  { method: "POST", path: "/api/v1/nodes/{id}/drain-primaries", tag: "replica-groups", summary: "Drain primaries off a node: a planned switchover for every replica group it leads", role: "operator", body: replicaGroups.drainPrimariesBodySchema, status: 202, response: replicaGroups.drainPrimariesSchema },
  // ring
  { method: "GET", path: "/api/v1/ring", tag: "ring", summary: "The ring at its current epoch (`?tokens=1` adds each group's token positions; `?arcs=N` adds `drawing`, the ring as at most N arcs to draw)", role: "viewer", query: ring.ringQuerySchema, response: ring.ringViewSchema },
  { method: "GET", path: "/api/v1/ring/settings", tag: "ring", summary: "Ring settings", role: "viewer", response: ring.ringSettingsResponseSchema },
  { method: "PUT", path: "/api/v1/ring/settings", tag: "ring", summary: "Replace the ring settings", role: "operator", body: ring.ringSettingsSchema, response: ring.ringSettingsResponseSchema },
  { method: "POST", path: "/api/v1/ring/preview", tag: "ring", summary: "What a change would move (read-only; at most 512 groups and 65,536 virtual nodes added or reweighted, else 400)", role: "viewer", scopes: ["read"], body: ring.ringPreviewRequestSchema, response: ring.ringPreviewSchema },
  { method: "POST", path: "/api/v1/ring/changes", tag: "ring", summary: "Apply a change as the next epoch (409 when another change won the race)", role: "operator", body: ring.ringChangeRequestSchema, status: 201, response: ring.ringAppliedSchema },
  { method: "GET", path: "/api/v1/ring/epochs", tag: "ring", summary: "Epoch history, newest first", role: "viewer", query: ring.ringEpochsQuerySchema, response: ring.ringEpochListSchema },
  { method: "GET", path: "/api/v1/ring/lookup", tag: "ring", summary: "Which group (and primary) owns a key", role: "viewer", query: ring.ringLookupQuerySchema, response: ring.ringLookupSchema },
  // recovery
  { method: "GET", path: "/api/v1/policies", tag: "recovery", summary: "Recovery policies: the default and per-group overrides", role: "viewer", response: recovery.policyDocumentSchema },
  { method: "PUT", path: "/api/v1/policies", tag: "recovery", summary: "Replace the recovery policies (fields left out keep their built-in values)", role: "operator", body: recovery.policyDocumentInputSchema, response: recovery.policyDocumentSchema },
  { method: "GET", path: "/api/v1/recovery/status", tag: "recovery", summary: "Kill switch, freezes, blocks, failover rankings, plans, worst-case failover time", role: "viewer", response: recovery.recoveryStatusSchema },
  { method: "POST", path: "/api/v1/recovery/freeze", tag: "recovery", summary: "Engage the global kill switch: no recovery action runs until unfreeze", role: "operator", body: recovery.freezeBodySchema, response: recovery.killSwitchSchema },
  { method: "POST", path: "/api/v1/recovery/unfreeze", tag: "recovery", summary: "Release the global kill switch", role: "operator", response: recovery.killSwitchSchema },
  { method: "POST", path: "/api/v1/recovery/acknowledge", tag: "recovery", summary: "Lift an acknowledgeable block (anti-flap, escalation)", role: "operator", body: recovery.acknowledgeBodySchema, response: okSchema },
  { method: "GET", path: "/api/v1/recovery/hooks", tag: "recovery", summary: "Recovery hooks by name (secrets are never listed; URLs redacted below admin)", role: "viewer", response: recovery.recoveryHookListSchema },
  { method: "POST", path: "/api/v1/recovery/hooks", tag: "recovery", summary: "Create a recovery hook (answers its signing secret this once)", role: "admin", body: recovery.recoveryHookInputSchema, status: 201, response: recovery.createdRecoveryHookSchema },
  { method: "PATCH", path: "/api/v1/recovery/hooks/{id}", tag: "recovery", summary: "Change a recovery hook", role: "admin", body: recovery.recoveryHookPatchSchema, response: recovery.recoveryHookViewSchema },
  { method: "DELETE", path: "/api/v1/recovery/hooks/{id}", tag: "recovery", summary: "Delete a recovery hook", role: "admin", response: okSchema },
  { method: "GET", path: "/api/v1/actions", tag: "recovery", summary: "Recovery actions, newest first", role: "viewer", query: recovery.actionQuerySchema, response: recovery.actionListSchema },
  { method: "POST", path: "/api/v1/actions", tag: "recovery", summary: "Request a manual action (run by the recovery loop)", role: "operator", body: recovery.manualActionSchema, status: 202, response: recovery.createdActionSchema },
  { method: "POST", path: "/api/v1/actions/{id}/approve", tag: "recovery", summary: "Approve a planned action (approval mode)", role: "operator", response: okSchema },
  { method: "POST", path: "/api/v1/actions/{id}/cancel", tag: "recovery", summary: "Cancel a planned action", role: "operator", response: okSchema },
  { method: "GET", path: "/api/v1/audit", tag: "audit", summary: "The audit log of every change (filter by kind or kind prefix, actor, target, time; newest first, cursor pages). The kinds are listed under `action` and by `GET /api/v1/audit/kinds`", role: "viewer", query: audit.auditQuerySchema, response: audit.auditPageSchema },
  { method: "GET", path: "/api/v1/audit/kinds", tag: "audit", summary: "Every action kind an audit entry can have, with what it means", role: "viewer", response: audit.auditKindsSchema },
  // alerting
  { method: "GET", path: "/api/v1/alerts", tag: "alerts", summary: "Alerts, most recently changed first", role: "viewer", query: alerts.alertQuerySchema, response: alerts.alertListSchema },
  { method: "GET", path: "/api/v1/rules", tag: "alerts", summary: "Alert rules: built-in toggles and thresholds, custom metric and log rules", role: "viewer", response: alerts.alertRulesResponseSchema },
  { method: "PUT", path: "/api/v1/rules", tag: "alerts", summary: "Replace the alert rules", role: "operator", body: alerts.alertRulesSchema, response: alerts.alertRulesResponseSchema },
  { method: "GET", path: "/api/v1/silences", tag: "alerts", summary: "Silences, newest first, with their state", role: "viewer", query: alerts.silenceQuerySchema, response: alerts.silenceListSchema },
  { method: "POST", path: "/api/v1/silences", tag: "alerts", summary: "Create a silence", role: "operator", body: alerts.newSilenceSchema, status: 201, response: alerts.silenceViewSchema },
  { method: "DELETE", path: "/api/v1/silences/{id}", tag: "alerts", summary: "Expire a silence now (it stays listed as expired)", role: "operator", response: alerts.silenceViewSchema },
  { method: "GET", path: "/api/v1/receivers", tag: "alerts", summary: "Webhook receivers (only secret prefixes; URLs and header values redacted below admin)", role: "viewer", response: alerts.receiverListSchema },
  { method: "POST", path: "/api/v1/receivers", tag: "alerts", summary: "Create a receiver (answers its signing secret this once)", role: "admin", body: alerts.newReceiverSchema, status: 201, response: alerts.createdReceiverSchema },
  { method: "PATCH", path: "/api/v1/receivers/{id}", tag: "alerts", summary: "Change a receiver (enabling it clears an automatic disable)", role: "admin", body: alerts.receiverUpdateSchema, response: alerts.receiverViewSchema },
  { method: "DELETE", path: "/api/v1/receivers/{id}", tag: "alerts", summary: "Delete a receiver (its pending deliveries are dead-lettered)", role: "admin", response: okSchema },
  { method: "POST", path: "/api/v1/receivers/{id}/rotate-secret", tag: "alerts", summary: "Rotate the signing secret (the old one keeps signing for a day)", role: "admin", response: alerts.rotatedSecretSchema },
  { method: "POST", path: "/api/v1/receivers/preview", tag: "alerts", summary: "Render title and body templates over a sample page (a template error falls back to the channel's default and is reported)", role: "operator", body: alerts.receiverPreviewSchema, response: alerts.receiverPreviewResultSchema },
  { method: "POST", path: "/api/v1/receivers/{id}/test", tag: "alerts", summary: "Send a test notification through the real outbox", role: "operator", status: 202, response: alerts.testNotificationSchema },
  { method: "GET", path: "/api/v1/deliveries", tag: "alerts", summary: "Webhook deliveries with their recent attempts, newest first (response bodies for admins only)", role: "viewer", query: alerts.deliveryQuerySchema, response: alerts.deliveryListSchema },
  { method: "POST", path: "/api/v1/deliveries/{id}/redeliver", tag: "alerts", summary: "Send a delivery again, as it was (same webhook-id)", role: "operator", params: byId, response: alerts.redeliveredSchema },
  { method: "GET", path: "/api/v1/maintenance", tag: "alerts", summary: "Maintenance windows, newest first", role: "viewer", query: alerts.maintenanceQuerySchema, response: alerts.maintenanceListSchema },
  { method: "POST", path: "/api/v1/maintenance", tag: "alerts", summary: "Open a maintenance window (mutes the target's alerts and pauses its recovery)", role: "operator", body: alerts.newMaintenanceSchema, status: 201, response: alerts.maintenanceWindowSchema },
  { method: "DELETE", path: "/api/v1/maintenance/{id}", tag: "alerts", summary: "End a maintenance window now", role: "operator", response: okSchema },
  { method: "POST", path: "/api/v1/alertmanager", tag: "alerts", summary: "Alertmanager webhook receiver (point a webhook_config here with an operator API token; one with only the `alerts:ingest` scope can do nothing else)", role: "operator", scopes: ["write", "alerts:ingest"], body: alerts.alertmanagerWebhookSchema, response: alerts.alertmanagerAcceptedSchema },
  // escalation and on-call (issue #16)
  { method: "GET", path: "/api/v1/escalation-policies", tag: "on-call", summary: "Escalation policies, disabled ones included", role: "viewer", response: paging.policyListSchema },
  { method: "POST", path: "/api/v1/escalation-policies", tag: "on-call", summary: "Create an escalation policy (every receiver, user and schedule it names must exist)", role: "admin", body: paging.newPolicySchema, status: 201, response: paging.policyViewSchema },
  { method: "GET", path: "/api/v1/escalation-policies/{id}", tag: "on-call", summary: "One escalation policy", role: "viewer", response: paging.policyViewSchema },
  { method: "PUT", path: "/api/v1/escalation-policies/{id}", tag: "on-call", summary: "Replace an escalation policy", role: "admin", body: paging.newPolicySchema, response: paging.policyViewSchema },
  { method: "DELETE", path: "/api/v1/escalation-policies/{id}", tag: "on-call", summary: "Delete an escalation policy", role: "admin", response: okSchema },
  { method: "GET", path: "/api/v1/schedules", tag: "on-call", summary: "On-call schedules with their overrides that have not ended", role: "viewer", response: paging.scheduleListSchema },
  { method: "POST", path: "/api/v1/schedules", tag: "on-call", summary: "Create an on-call schedule (rotations in an IANA time zone)", role: "admin", body: paging.newScheduleSchema, status: 201, response: paging.scheduleViewSchema },
  { method: "GET", path: "/api/v1/schedules/{id}", tag: "on-call", summary: "One on-call schedule", role: "viewer", response: paging.scheduleViewSchema },
  { method: "PUT", path: "/api/v1/schedules/{id}", tag: "on-call", summary: "Replace a schedule's name, zone and rotations (overrides stay)", role: "admin", body: paging.newScheduleSchema, response: paging.scheduleViewSchema },
  { method: "DELETE", path: "/api/v1/schedules/{id}", tag: "on-call", summary: "Delete a schedule and its overrides (409 while a policy pages it)", role: "admin", response: okSchema },
  { method: "GET", path: "/api/v1/schedules/{id}/overrides", tag: "on-call", summary: "A schedule's overrides that have not ended, soonest first", role: "viewer", response: paging.overrideListSchema },
  { method: "POST", path: "/api/v1/schedules/{id}/overrides", tag: "on-call", summary: "Put someone on call for a while, over every rotation", role: "operator", body: paging.newOverrideSchema, status: 201, response: paging.overrideViewSchema },
  { method: "DELETE", path: "/api/v1/schedules/{id}/overrides/{overrideId}", tag: "on-call", summary: "Remove an override", role: "operator", response: okSchema },
  { method: "GET", path: "/api/v1/on-call", tag: "on-call", summary: "Every schedule: who is on call now, until when, who is next, and the next 14 days of shifts", role: "viewer", response: paging.onCallViewSchema },
  { method: "GET", path: "/api/v1/users/{id}/contacts", tag: "on-call", summary: "A user's contact methods (addresses only for admins and the user themselves)", role: "viewer", response: paging.contactListSchema },
  { method: "POST", path: "/api/v1/users/{id}/contacts", tag: "on-call", summary: "Add a contact method (operators: their own only)", role: "operator", body: paging.newContactMethodSchema, status: 201, response: paging.contactMethodViewSchema },
  { method: "DELETE", path: "/api/v1/users/{id}/contacts/{contactId}", tag: "on-call", summary: "Remove a contact method (operators: their own only)", role: "operator", response: okSchema },
  // auth, users, tokens
  { method: "POST", path: "/api/v1/auth/login", tag: "auth", summary: "Log in: sets the session cookie (429 with Retry-After while the address or account is throttled)", role: "public", body: auth.loginSchema, response: auth.sessionUserSchema },
  { method: "POST", path: "/api/v1/auth/logout", tag: "auth", summary: "Log out: ends the session and clears the cookie", role: "public", response: okSchema },
  { method: "GET", path: "/api/v1/auth/me", tag: "auth", summary: "Who is calling: the session's user, or the API token", role: "viewer", response: auth.meSchema },
  { method: "GET", path: "/api/v1/auth/setup", tag: "auth", summary: "Whether first-run setup is still open (no user yet)", role: "public", response: auth.setupStatusSchema },
  { method: "POST", path: "/api/v1/auth/setup", tag: "auth", summary: "Create the first admin and log in (only while no user exists; needs the setup code from Vigil's log)", role: "public", body: auth.setupSchema, status: 201, response: auth.sessionUserSchema },
  { method: "GET", path: "/api/v1/users", tag: "users", summary: "Users", role: "admin", response: users.userListSchema },
  { method: "POST", path: "/api/v1/users", tag: "users", summary: "Create a user", role: "admin", body: users.newUserSchema, status: 201, response: users.userItemSchema },
  { method: "PATCH", path: "/api/v1/users/{id}", tag: "users", summary: "Change a user's role, password or name", role: "admin", body: users.userUpdateSchema, response: users.userItemSchema },
  { method: "DELETE", path: "/api/v1/users/{id}", tag: "users", summary: "Delete a user (never the last admin)", role: "admin", response: okSchema },
  { method: "GET", path: "/api/v1/agent-tokens", tag: "tokens", summary: "Agent tokens", role: "admin", response: tokens.agentTokenListSchema },
  { method: "POST", path: "/api/v1/agent-tokens", tag: "tokens", summary: "Create an enrollment token, optionally limited to a node id glob, a node count, a date or operator approval (answers the token this once)", role: "admin", body: tokens.newAgentTokenSchema, status: 201, response: tokens.createdAgentTokenSchema },
  { method: "DELETE", path: "/api/v1/agent-tokens/{id}", tag: "tokens", summary: "Revoke an enrollment token (nodes it enrolled keep their own credentials)", role: "admin", response: tokens.agentTokenItemSchema },
  { method: "GET", path: "/api/v1/api-tokens", tag: "tokens", summary: "API tokens", role: "admin", response: tokens.tokenListSchema },
  { method: "POST", path: "/api/v1/api-tokens", tag: "tokens", summary: "Create an API token with a role and scopes (`read`, `write`, `alerts:ingest`; answers the token this once)", role: "admin", body: tokens.newApiTokenSchema, status: 201, response: tokens.createdTokenSchema },
  { method: "DELETE", path: "/api/v1/api-tokens/{id}", tag: "tokens", summary: "Revoke an API token", role: "admin", response: tokens.tokenItemSchema },
];
