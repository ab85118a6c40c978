-- AlterTable
ALTER TABLE "Receiver" ADD COLUMN     "bodyTemplate" TEXT,
ADD COLUMN     "config" TEXT NOT NULL DEFAULT '{}',
ADD COLUMN     "credentials" TEXT NOT NULL DEFAULT '{}',
ADD COLUMN     "titleTemplate" TEXT;

-- AlterTable
ALTER TABLE "MaintenanceWindow" ADD COLUMN     "recurrence" TEXT;

-- CreateTable
CREATE TABLE "ContactMethod" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "receiverId" TEXT NOT NULL,
    "address" TEXT,
    "label" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ContactMethod_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OnCallSchedule" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "timeZone" TEXT NOT NULL,
    "rotations" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OnCallSchedule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OnCallOverride" (
    "id" TEXT NOT NULL,
    "scheduleId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "startsAt" BIGINT NOT NULL,
    "endsAt" BIGINT NOT NULL,
    "createdBy" TEXT NOT NULL,

    CONSTRAINT "OnCallOverride_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EscalationPolicy" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "routing" TEXT NOT NULL,
    "steps" TEXT NOT NULL,
    "repeat" INTEGER NOT NULL DEFAULT 0,
    "recoveryAware" BOOLEAN NOT NULL DEFAULT true,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EscalationPolicy_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Page" (
    "id" TEXT NOT NULL,
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
    "announced" TEXT NOT NULL DEFAULT 'triggered',

    CONSTRAINT "Page_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PageEvent" (
    "id" SERIAL NOT NULL,
    "pageId" TEXT NOT NULL,
    "at" BIGINT NOT NULL,
    "kind" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "actor" TEXT NOT NULL DEFAULT 'vigil',

    CONSTRAINT "PageEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PageLinkUse" (
    "nonce" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "usedAt" BIGINT NOT NULL,
    "usedBy" TEXT NOT NULL,

    CONSTRAINT "PageLinkUse_pkey" PRIMARY KEY ("nonce")
);

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

-- AddForeignKey
ALTER TABLE "PageEvent" ADD CONSTRAINT "PageEvent_pageId_fkey" FOREIGN KEY ("pageId") REFERENCES "Page"("id") ON DELETE CASCADE ON UPDATE CASCADE;
