/**
 * What each changing route writes to the audit log. `apiRoute` (lib/http/api-route.ts) writes one
 * entry of the given kind for every call of a mutating route by an authenticated caller, allowed
 * or refused; "domain" marks routes whose domain function writes its own, richer entry (with the
 * epoch, the old and new values or the outcome) so the route adds none; "public" marks the
 * routes anyone may call, which audit what matters themselves (logins, setup).
 * `route-audit.test.ts` fails when a mutating route of routes.ts has no entry here.
 */
export const ROUTE_AUDIT: Record<string, string> = {
  "DELETE /api/v1/nodes/{id}": "domain",
  "POST /api/v1/enrollments/{id}/approve": "domain",
  "POST /api/v1/enrollments/{id}/reject": "domain",
  "PUT /api/v1/nodes/{id}/steering": "domain",
  "POST /api/v1/nodes/{id}/steering/approve": "domain",
  "POST /api/v1/nodes/{id}/steering/reject": "domain",
  "POST /api/v1/nodes/{id}/credential/reset": "domain",
  "PUT /api/v1/groups/settings": "groups.settings",
  "POST /api/v1/incidents/{id}/ack": "incident.ack",
  "PUT /api/v1/ring/settings": "ring.settings",
  "POST /api/v1/ring/preview": "none",
  "POST /api/v1/ring/changes": "ring.change",
  "PUT /api/v1/policies": "domain",
  "POST /api/v1/recovery/freeze": "domain",
  "POST /api/v1/recovery/unfreeze": "domain",
  "POST /api/v1/recovery/acknowledge": "domain",
  "POST /api/v1/recovery/hooks": "domain",
  "PATCH /api/v1/recovery/hooks/{id}": "domain",
  "DELETE /api/v1/recovery/hooks/{id}": "domain",
  "POST /api/v1/actions": "domain",
  "POST /api/v1/actions/{id}/approve": "domain",
  "POST /api/v1/actions/{id}/cancel": "domain",
  "PUT /api/v1/rules": "rules.update",
  "POST /api/v1/silences": "silence.create",
  "DELETE /api/v1/silences/{id}": "silence.delete",
  "POST /api/v1/receivers": "receiver.create",
  "PATCH /api/v1/receivers/{id}": "receiver.update",
  "DELETE /api/v1/receivers/{id}": "receiver.delete",
  "POST /api/v1/receivers/{id}/rotate-secret": "receiver.rotate-secret",
  "POST /api/v1/receivers/{id}/test": "receiver.test",
  "POST /api/v1/deliveries/{id}/redeliver": "delivery.redeliver",
  "POST /api/v1/maintenance": "maintenance.create",
  "DELETE /api/v1/maintenance/{id}": "maintenance.delete",
  "POST /api/v1/alertmanager": "alertmanager.ingest",
  "POST /api/v1/auth/login": "public",
  "POST /api/v1/auth/logout": "public",
  "POST /api/v1/auth/setup": "public",
  "POST /api/v1/users": "user.create",
  "PATCH /api/v1/users/{id}": "user.update",
  "DELETE /api/v1/users/{id}": "user.delete",
  "POST /api/v1/agent-tokens": "agent-token.create",
  "DELETE /api/v1/agent-tokens/{id}": "agent-token.revoke",
  "POST /api/v1/api-tokens": "api-token.create",
  "DELETE /api/v1/api-tokens/{id}": "api-token.revoke",
};
