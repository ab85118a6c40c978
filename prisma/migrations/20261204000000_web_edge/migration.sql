-- Web edge hardening (issue #13): API token scopes, login throttling, indexes for log search and the audit page.
ALTER TABLE "ApiToken" ADD COLUMN "scopes" TEXT NOT NULL DEFAULT '["read","write"]';

CREATE TABLE "LoginThrottle" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "failures" INTEGER NOT NULL,
    "lastFailureAt" BIGINT NOT NULL,
    "blockedUntil" BIGINT NOT NULL
);
CREATE INDEX "LoginThrottle_lastFailureAt_idx" ON "LoginThrottle"("lastFailureAt");

CREATE INDEX "LogEntry_level_ts_idx" ON "LogEntry"("level", "ts");
CREATE INDEX "AuditLog_action_at_idx" ON "AuditLog"("action", "at");
CREATE INDEX "AuditLog_actor_at_idx" ON "AuditLog"("actor", "at");
CREATE INDEX "AuditLog_target_at_idx" ON "AuditLog"("target", "at");
