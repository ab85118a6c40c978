-- Paging (issue #16): channel settings and templates on receivers, recurring maintenance, contact methods, on-call schedules, escalation policies, pages and one-use links.
-- AlterTable
ALTER TABLE "MaintenanceWindow" ADD COLUMN "recurrence" TEXT;

-- CreateTable
CREATE TABLE "ContactMethod" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "receiverId" TEXT NOT NULL,
    "address" TEXT,
    "label" TEXT NOT NULL DEFAULT '',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "OnCallSchedule" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "timeZone" TEXT NOT NULL,
    "rotations" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "OnCallOverride" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "scheduleId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "startsAt" BIGINT NOT NULL,
    "endsAt" BIGINT NOT NULL,
    "createdBy" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "EscalationPolicy" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "routing" TEXT NOT NULL,
    "steps" TEXT NOT NULL,
    "repeat" INTEGER NOT NULL DEFAULT 0,
    "recoveryAware" BOOLEAN NOT NULL DEFAULT true,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "Page" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "groupKey" TEXT NOT NULL,
    "routeKind" TEXT NOT NULL,
    "routeId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "groupLabels" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "step" INTEGER NOT NULL DEFAULT 0,
    "cycle" INTEGER NOT NULL DEFAULT 0,
    "nextEscalationAt" BIGINT,
    "recovery" TEXT,
    "heldUntil" BIGINT,
    "openedAt" BIGINT NOT NULL,
    "updatedAt" BIGINT NOT NULL,
    "acknowledgedAt" BIGINT,
    "acknowledgedBy" TEXT,
    "resolvedAt" BIGINT,
    "resolvedBy" TEXT,
    "resolution" TEXT,
    "incidentId" INTEGER,
    "notification" TEXT NOT NULL,
    "notified" TEXT NOT NULL DEFAULT '[]',
    "announced" TEXT NOT NULL DEFAULT 'triggered'
);

-- CreateTable
CREATE TABLE "PageEvent" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "pageId" TEXT NOT NULL,
    "at" BIGINT NOT NULL,
    "kind" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "actor" TEXT NOT NULL DEFAULT 'vigil',
    CONSTRAINT "PageEvent_pageId_fkey" FOREIGN KEY ("pageId") REFERENCES "Page" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PageLinkUse" (
    "nonce" TEXT NOT NULL PRIMARY KEY,
    "action" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "usedAt" BIGINT NOT NULL,
    "usedBy" TEXT NOT NULL
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Receiver" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "format" TEXT NOT NULL,
    "headers" TEXT NOT NULL DEFAULT '{}',
    "secrets" TEXT NOT NULL,
    "routing" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "disabledReason" TEXT,
    "disabledAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "config" TEXT NOT NULL DEFAULT '{}',
    "credentials" TEXT NOT NULL DEFAULT '{}',
    "titleTemplate" TEXT,
    "bodyTemplate" TEXT
);
INSERT INTO "new_Receiver" ("createdAt", "disabledAt", "disabledReason", "enabled", "format", "headers", "id", "name", "routing", "secrets", "url") SELECT "createdAt", "disabledAt", "disabledReason", "enabled", "format", "headers", "id", "name", "routing", "secrets", "url" FROM "Receiver";
DROP TABLE "Receiver";
ALTER TABLE "new_Receiver" RENAME TO "Receiver";
CREATE UNIQUE INDEX "Receiver_name_key" ON "Receiver"("name");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "ContactMethod_userId_idx" ON "ContactMethod"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "OnCallSchedule_name_key" ON "OnCallSchedule"("name");

-- CreateIndex
CREATE INDEX "OnCallOverride_scheduleId_endsAt_idx" ON "OnCallOverride"("scheduleId", "endsAt");

-- CreateIndex
CREATE UNIQUE INDEX "EscalationPolicy_name_key" ON "EscalationPolicy"("name");

-- CreateIndex
CREATE INDEX "Page_status_idx" ON "Page"("status");

-- CreateIndex
CREATE INDEX "Page_groupKey_status_idx" ON "Page"("groupKey", "status");

-- CreateIndex
CREATE INDEX "Page_openedAt_idx" ON "Page"("openedAt");

-- CreateIndex
CREATE INDEX "PageEvent_pageId_at_idx" ON "PageEvent"("pageId", "at");

-- CreateIndex
CREATE INDEX "PageLinkUse_usedAt_idx" ON "PageLinkUse"("usedAt");

