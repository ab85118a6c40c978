-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "email" TEXT NOT NULL,
    "name" TEXT,
    "passwordHash" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME NOT NULL,
    "lastSeenAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ApiToken" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "createdBy" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" DATETIME,
    "revokedAt" DATETIME
);

-- CreateTable
CREATE TABLE "AgentToken" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "createdBy" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" DATETIME,
    "revokedAt" DATETIME
);

-- CreateTable
CREATE TABLE "Node" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "hostname" TEXT NOT NULL,
    "address" TEXT,
    "zone" TEXT,
    "labels" TEXT NOT NULL DEFAULT '{}',
    "weight" REAL NOT NULL DEFAULT 1,
    "group" TEXT,
    "role" TEXT,
    "agentVersion" TEXT,
    "state" TEXT NOT NULL DEFAULT 'unknown',
    "stateReason" TEXT,
    "stateSince" BIGINT NOT NULL,
    "phi" REAL NOT NULL DEFAULT 0,
    "connected" BOOLEAN NOT NULL DEFAULT false,
    "firstSeenAt" BIGINT NOT NULL,
    "lastHeartbeatAt" BIGINT,
    "lastSeq" BIGINT NOT NULL DEFAULT 0,
    "lastLogSeq" BIGINT NOT NULL DEFAULT 0,
    "cpu" REAL,
    "mem" REAL,
    "disk" REAL,
    "netIn" REAL,
    "netOut" REAL,
    "load1" REAL,
    "latencyMs" REAL,
    "errorRate" REAL,
    "custom" TEXT,
    "repRole" TEXT,
    "repOffset" BIGINT,
    "repLagMs" REAL,
    "repLinkUp" BOOLEAN,
    "repFollowing" TEXT
);

-- CreateTable
CREATE TABLE "Heartbeat" (
    "nodeId" TEXT NOT NULL,
    "seq" BIGINT NOT NULL,
    "ts" BIGINT NOT NULL,
    "receivedAt" BIGINT NOT NULL,
    "cpu" REAL NOT NULL,
    "mem" REAL NOT NULL,
    "disk" REAL NOT NULL,
    "netIn" REAL NOT NULL,
    "netOut" REAL NOT NULL,
    "load1" REAL NOT NULL,
    "latencyMs" REAL,
    "errorRate" REAL,
    "custom" TEXT,
    "repRole" TEXT,
    "repOffset" BIGINT,
    "repLagMs" REAL,
    "repLinkUp" BOOLEAN,
    "repFollowing" TEXT,

    PRIMARY KEY ("nodeId", "seq")
);

-- CreateTable
CREATE TABLE "MetricRollup" (
    "nodeId" TEXT NOT NULL,
    "resolution" INTEGER NOT NULL,
    "bucket" BIGINT NOT NULL,
    "count" INTEGER NOT NULL,
    "cpuMin" REAL NOT NULL,
    "cpuAvg" REAL NOT NULL,
    "cpuMax" REAL NOT NULL,
    "memMin" REAL NOT NULL,
    "memAvg" REAL NOT NULL,
    "memMax" REAL NOT NULL,
    "diskMin" REAL NOT NULL,
    "diskAvg" REAL NOT NULL,
    "diskMax" REAL NOT NULL,
    "netInMin" REAL NOT NULL,
    "netInAvg" REAL NOT NULL,
    "netInMax" REAL NOT NULL,
    "netOutMin" REAL NOT NULL,
    "netOutAvg" REAL NOT NULL,
    "netOutMax" REAL NOT NULL,
    "load1Min" REAL NOT NULL,
    "load1Avg" REAL NOT NULL,
    "load1Max" REAL NOT NULL,
    "latencyMsMin" REAL,
    "latencyMsAvg" REAL,
    "latencyMsMax" REAL,
    "errorRateMin" REAL,
    "errorRateAvg" REAL,
    "errorRateMax" REAL,

    PRIMARY KEY ("nodeId", "resolution", "bucket")
);

-- CreateTable
CREATE TABLE "LogEntry" (
    "nodeId" TEXT NOT NULL,
    "seq" BIGINT NOT NULL,
    "ts" BIGINT NOT NULL,
    "receivedAt" BIGINT NOT NULL,
    "level" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "fields" TEXT,

    PRIMARY KEY ("nodeId", "seq")
);

-- CreateTable
CREATE TABLE "NodeEvent" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "nodeId" TEXT NOT NULL,
    "at" BIGINT NOT NULL,
    "from" TEXT NOT NULL,
    "to" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "phi" REAL
);

-- CreateTable
CREATE TABLE "JobState" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "value" TEXT NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- CreateIndex
CREATE INDEX "Session_userId_idx" ON "Session"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "ApiToken_tokenHash_key" ON "ApiToken"("tokenHash");

-- CreateIndex
CREATE UNIQUE INDEX "AgentToken_tokenHash_key" ON "AgentToken"("tokenHash");

-- CreateIndex
CREATE INDEX "Node_state_idx" ON "Node"("state");

-- CreateIndex
CREATE INDEX "Node_zone_idx" ON "Node"("zone");

-- CreateIndex
CREATE INDEX "Heartbeat_nodeId_ts_idx" ON "Heartbeat"("nodeId", "ts");

-- CreateIndex
CREATE INDEX "Heartbeat_ts_idx" ON "Heartbeat"("ts");

-- CreateIndex
CREATE INDEX "MetricRollup_resolution_bucket_idx" ON "MetricRollup"("resolution", "bucket");

-- CreateIndex
CREATE INDEX "LogEntry_ts_idx" ON "LogEntry"("ts");

-- CreateIndex
CREATE INDEX "LogEntry_nodeId_ts_idx" ON "LogEntry"("nodeId", "ts");

-- CreateIndex
CREATE INDEX "NodeEvent_nodeId_at_idx" ON "NodeEvent"("nodeId", "at");

-- CreateIndex
CREATE INDEX "NodeEvent_at_idx" ON "NodeEvent"("at");

