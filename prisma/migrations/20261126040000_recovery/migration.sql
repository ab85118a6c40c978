-- CreateTable
CREATE TABLE "RecoveryPlan" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "groupId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "detail" TEXT NOT NULL,
    "createdAt" BIGINT NOT NULL,
    "finishedAt" BIGINT,
    "activeGroup" TEXT,
    "fence" INTEGER NOT NULL DEFAULT 0
);

-- CreateTable
CREATE TABLE "RecoveryAction" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "planId" TEXT,
    "kind" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "groupId" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "epoch" INTEGER NOT NULL,
    "args" TEXT NOT NULL DEFAULT '{}',
    "dryRun" BOOLEAN NOT NULL DEFAULT false,
    "approvedBy" TEXT,
    "source" TEXT NOT NULL DEFAULT 'planner',
    "step" TEXT NOT NULL DEFAULT '',
    "timeoutMs" INTEGER NOT NULL DEFAULT 15000,
    "outcome" TEXT,
    "createdAt" BIGINT NOT NULL,
    "startedAt" BIGINT,
    "finishedAt" BIGINT,
    "fence" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "RecoveryAction_planId_fkey" FOREIGN KEY ("planId") REFERENCES "RecoveryPlan" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AuditLog" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "at" BIGINT NOT NULL,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "epoch" INTEGER,
    "outcome" TEXT NOT NULL,
    "detail" TEXT
);

-- CreateIndex
CREATE UNIQUE INDEX "RecoveryPlan_activeGroup_key" ON "RecoveryPlan"("activeGroup");

-- CreateIndex
CREATE INDEX "RecoveryPlan_groupId_createdAt_idx" ON "RecoveryPlan"("groupId", "createdAt");

-- CreateIndex
CREATE INDEX "RecoveryAction_state_idx" ON "RecoveryAction"("state");

-- CreateIndex
CREATE INDEX "RecoveryAction_groupId_createdAt_idx" ON "RecoveryAction"("groupId", "createdAt");

-- CreateIndex
CREATE INDEX "RecoveryAction_createdAt_idx" ON "RecoveryAction"("createdAt");

-- CreateIndex
CREATE INDEX "AuditLog_at_idx" ON "AuditLog"("at");

