-- AlterTable
ALTER TABLE "Node" ADD COLUMN "placementEpoch" INTEGER;

-- CreateTable
CREATE TABLE "Incident" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "key" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "detail" TEXT,
    "status" TEXT NOT NULL,
    "openedAt" BIGINT NOT NULL,
    "updatedAt" BIGINT NOT NULL,
    "resolvedAt" BIGINT,
    "acknowledgedBy" TEXT
);

-- CreateTable
CREATE TABLE "IncidentEvent" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "incidentId" INTEGER NOT NULL,
    "at" BIGINT NOT NULL,
    "kind" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    CONSTRAINT "IncidentEvent_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "RingEpoch" (
    "epoch" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "createdAt" BIGINT NOT NULL,
    "createdBy" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "membership" TEXT NOT NULL,
    "diff" TEXT NOT NULL
);

-- CreateIndex
CREATE INDEX "Incident_status_idx" ON "Incident"("status");

-- CreateIndex
CREATE INDEX "Incident_key_status_idx" ON "Incident"("key", "status");

-- CreateIndex
CREATE INDEX "Incident_subject_idx" ON "Incident"("subject");

-- CreateIndex
CREATE INDEX "IncidentEvent_incidentId_idx" ON "IncidentEvent"("incidentId");

