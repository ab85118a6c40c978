-- CreateTable
CREATE TABLE "Instance" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "startedAt" BIGINT NOT NULL,
    "lastSeenAt" BIGINT NOT NULL,
    "version" TEXT NOT NULL,
    "connectedAgents" INTEGER NOT NULL DEFAULT 0,
    "loopLagMs" REAL NOT NULL DEFAULT 0,
    "heartbeatsPerSec" REAL NOT NULL DEFAULT 0,
    "rssBytes" BIGINT NOT NULL DEFAULT 0
);

-- CreateTable
CREATE TABLE "Lease" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "holder" TEXT NOT NULL,
    "fence" INTEGER NOT NULL,
    "acquiredAt" BIGINT NOT NULL,
    "expiresAt" BIGINT NOT NULL
);

