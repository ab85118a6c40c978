-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT,
    "passwordHash" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApiToken" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "createdBy" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "ApiToken_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AgentToken" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "createdBy" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "AgentToken_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Node" (
    "id" TEXT NOT NULL,
    "hostname" TEXT NOT NULL,
    "address" TEXT,
    "zone" TEXT,
    "labels" TEXT NOT NULL DEFAULT '{}',
    "weight" DOUBLE PRECISION NOT NULL DEFAULT 1,
    "group" TEXT,
    "role" TEXT,
    "agentVersion" TEXT,
    "state" TEXT NOT NULL DEFAULT 'unknown',
    "stateReason" TEXT,
    "stateSince" BIGINT NOT NULL,
    "phi" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "connected" BOOLEAN NOT NULL DEFAULT false,
    "firstSeenAt" BIGINT NOT NULL,
    "lastHeartbeatAt" BIGINT,
    "lastSeq" BIGINT NOT NULL DEFAULT 0,
    "lastLogSeq" BIGINT NOT NULL DEFAULT 0,
    "cpu" DOUBLE PRECISION,
    "mem" DOUBLE PRECISION,
    "disk" DOUBLE PRECISION,
    "netIn" DOUBLE PRECISION,
    "netOut" DOUBLE PRECISION,
    "load1" DOUBLE PRECISION,
    "latencyMs" DOUBLE PRECISION,
    "errorRate" DOUBLE PRECISION,
    "custom" TEXT,
    "repRole" TEXT,
    "repOffset" BIGINT,
    "repLagMs" DOUBLE PRECISION,
    "repLinkUp" BOOLEAN,
    "repFollowing" TEXT,
    "placementEpoch" INTEGER,

    CONSTRAINT "Node_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Heartbeat" (
    "nodeId" TEXT NOT NULL,
    "seq" BIGINT NOT NULL,
    "ts" BIGINT NOT NULL,
    "receivedAt" BIGINT NOT NULL,
    "cpu" DOUBLE PRECISION NOT NULL,
    "mem" DOUBLE PRECISION NOT NULL,
    "disk" DOUBLE PRECISION NOT NULL,
    "netIn" DOUBLE PRECISION NOT NULL,
    "netOut" DOUBLE PRECISION NOT NULL,
    "load1" DOUBLE PRECISION NOT NULL,
    "latencyMs" DOUBLE PRECISION,
    "errorRate" DOUBLE PRECISION,
    "custom" TEXT,
    "repRole" TEXT,
    "repOffset" BIGINT,
    "repLagMs" DOUBLE PRECISION,
    "repLinkUp" BOOLEAN,
    "repFollowing" TEXT,

    CONSTRAINT "Heartbeat_pkey" PRIMARY KEY ("nodeId","seq")
);

-- CreateTable
CREATE TABLE "MetricRollup" (
    "nodeId" TEXT NOT NULL,
    "resolution" INTEGER NOT NULL,
    "bucket" BIGINT NOT NULL,
    "count" INTEGER NOT NULL,
    "cpuMin" DOUBLE PRECISION NOT NULL,
    "cpuAvg" DOUBLE PRECISION NOT NULL,
    "cpuMax" DOUBLE PRECISION NOT NULL,
    "memMin" DOUBLE PRECISION NOT NULL,
    "memAvg" DOUBLE PRECISION NOT NULL,
    "memMax" DOUBLE PRECISION NOT NULL,
    "diskMin" DOUBLE PRECISION NOT NULL,
    "diskAvg" DOUBLE PRECISION NOT NULL,
    "diskMax" DOUBLE PRECISION NOT NULL,
    "netInMin" DOUBLE PRECISION NOT NULL,
    "netInAvg" DOUBLE PRECISION NOT NULL,
    "netInMax" DOUBLE PRECISION NOT NULL,
    "netOutMin" DOUBLE PRECISION NOT NULL,
    "netOutAvg" DOUBLE PRECISION NOT NULL,
    "netOutMax" DOUBLE PRECISION NOT NULL,
    "load1Min" DOUBLE PRECISION NOT NULL,
    "load1Avg" DOUBLE PRECISION NOT NULL,
    "load1Max" DOUBLE PRECISION NOT NULL,
    "latencyMsMin" DOUBLE PRECISION,
    "latencyMsAvg" DOUBLE PRECISION,
    "latencyMsMax" DOUBLE PRECISION,
    "errorRateMin" DOUBLE PRECISION,
    "errorRateAvg" DOUBLE PRECISION,
    "errorRateMax" DOUBLE PRECISION,

    CONSTRAINT "MetricRollup_pkey" PRIMARY KEY ("nodeId","resolution","bucket")
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

    CONSTRAINT "LogEntry_pkey" PRIMARY KEY ("nodeId","seq")
);

-- CreateTable
CREATE TABLE "NodeEvent" (
    "id" SERIAL NOT NULL,
    "nodeId" TEXT NOT NULL,
    "at" BIGINT NOT NULL,
    "from" TEXT NOT NULL,
    "to" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "phi" DOUBLE PRECISION,

    CONSTRAINT "NodeEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "JobState" (
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,

    CONSTRAINT "JobState_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "Instance" (
    "id" TEXT NOT NULL,
    "startedAt" BIGINT NOT NULL,
    "lastSeenAt" BIGINT NOT NULL,
    "version" TEXT NOT NULL,
    "connectedAgents" INTEGER NOT NULL DEFAULT 0,
    "loopLagMs" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "heartbeatsPerSec" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "rssBytes" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "Instance_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Lease" (
    "name" TEXT NOT NULL,
    "holder" TEXT NOT NULL,
    "fence" INTEGER NOT NULL,
    "acquiredAt" BIGINT NOT NULL,
    "expiresAt" BIGINT NOT NULL,

    CONSTRAINT "Lease_pkey" PRIMARY KEY ("name")
);

-- CreateTable
CREATE TABLE "GroupingRun" (
    "id" SERIAL NOT NULL,
    "at" BIGINT NOT NULL,
    "k" INTEGER NOT NULL,
    "silhouette" DOUBLE PRECISION,
    "inertia" DOUBLE PRECISION NOT NULL,
    "nodes" INTEGER NOT NULL,
    "settings" TEXT NOT NULL,
    "groups" TEXT NOT NULL,
    "state" TEXT NOT NULL,

    CONSTRAINT "GroupingRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "NodeGroup" (
    "nodeId" TEXT NOT NULL,
    "runId" INTEGER NOT NULL,
    "groupId" INTEGER NOT NULL,
    "distance" DOUBLE PRECISION NOT NULL,
    "outlier" BOOLEAN NOT NULL,
    "outlierMetrics" TEXT,
    "features" TEXT NOT NULL,

    CONSTRAINT "NodeGroup_pkey" PRIMARY KEY ("nodeId")
);

-- CreateTable
CREATE TABLE "GroupingEvent" (
    "id" SERIAL NOT NULL,
    "at" BIGINT NOT NULL,
    "runId" INTEGER NOT NULL,
    "nodeId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "fromGroup" INTEGER,
    "toGroup" INTEGER,
    "detail" TEXT,

    CONSTRAINT "GroupingEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Incident" (
    "id" SERIAL NOT NULL,
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
    "acknowledgedBy" TEXT,

    CONSTRAINT "Incident_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IncidentEvent" (
    "id" SERIAL NOT NULL,
    "incidentId" INTEGER NOT NULL,
    "at" BIGINT NOT NULL,
    "kind" TEXT NOT NULL,
    "message" TEXT NOT NULL,

    CONSTRAINT "IncidentEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RingEpoch" (
    "epoch" INTEGER NOT NULL,
    "createdAt" BIGINT NOT NULL,
    "createdBy" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "membership" TEXT NOT NULL,
    "diff" TEXT NOT NULL,

    CONSTRAINT "RingEpoch_pkey" PRIMARY KEY ("epoch")
);

-- CreateTable
CREATE TABLE "Receiver" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "format" TEXT NOT NULL,
    "headers" TEXT NOT NULL DEFAULT '{}',
    "secrets" TEXT NOT NULL,
    "routing" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "disabledReason" TEXT,
    "disabledAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Receiver_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Silence" (
    "id" TEXT NOT NULL,
    "matchers" TEXT NOT NULL,
    "startsAt" BIGINT NOT NULL,
    "endsAt" BIGINT NOT NULL,
    "createdBy" TEXT NOT NULL,
    "comment" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Silence_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MaintenanceWindow" (
    "id" TEXT NOT NULL,
    "targetKind" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "startsAt" BIGINT NOT NULL,
    "endsAt" BIGINT NOT NULL,
    "comment" TEXT NOT NULL,
    "createdBy" TEXT NOT NULL,

    CONSTRAINT "MaintenanceWindow_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AlertState" (
    "fingerprint" TEXT NOT NULL,
    "source" TEXT NOT NULL DEFAULT 'vigil',
    "labels" TEXT NOT NULL,
    "annotations" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "startsAt" BIGINT NOT NULL,
    "endsAt" BIGINT,
    "updatedAt" BIGINT NOT NULL,

    CONSTRAINT "AlertState_pkey" PRIMARY KEY ("fingerprint")
);

-- CreateTable
CREATE TABLE "Delivery" (
    "id" SERIAL NOT NULL,
    "webhookId" TEXT NOT NULL,
    "receiverId" TEXT NOT NULL,
    "groupKey" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "clientErrors" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" BIGINT NOT NULL,
    "leaseUntil" BIGINT,
    "createdAt" BIGINT NOT NULL,
    "deliveredAt" BIGINT,
    "lastStatus" INTEGER,
    "lastError" TEXT,
    "latencyMs" DOUBLE PRECISION,

    CONSTRAINT "Delivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DeliveryAttempt" (
    "id" SERIAL NOT NULL,
    "deliveryId" INTEGER NOT NULL,
    "at" BIGINT NOT NULL,
    "status" INTEGER,
    "latencyMs" DOUBLE PRECISION NOT NULL,
    "responseBody" TEXT,
    "error" TEXT,

    CONSTRAINT "DeliveryAttempt_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RecoveryPlan" (
    "id" TEXT NOT NULL,
    "groupId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "detail" TEXT NOT NULL,
    "createdAt" BIGINT NOT NULL,
    "finishedAt" BIGINT,
    "activeGroup" TEXT,
    "fence" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "RecoveryPlan_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RecoveryAction" (
    "id" TEXT NOT NULL,
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

    CONSTRAINT "RecoveryAction_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditLog" (
    "id" SERIAL NOT NULL,
    "at" BIGINT NOT NULL,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "epoch" INTEGER,
    "outcome" TEXT NOT NULL,
    "detail" TEXT,

    CONSTRAINT "AuditLog_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RecoveryHook" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "secret" TEXT NOT NULL,
    "phase" TEXT NOT NULL,
    "actionKinds" TEXT NOT NULL DEFAULT '[]',
    "groupIds" TEXT NOT NULL DEFAULT '[]',
    "timeoutMs" INTEGER NOT NULL DEFAULT 5000,
    "onError" TEXT NOT NULL DEFAULT 'veto',
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "createdBy" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RecoveryHook_pkey" PRIMARY KEY ("id")
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

-- CreateIndex
CREATE INDEX "GroupingRun_at_idx" ON "GroupingRun"("at");

-- CreateIndex
CREATE INDEX "GroupingEvent_nodeId_at_idx" ON "GroupingEvent"("nodeId", "at");

-- CreateIndex
CREATE INDEX "GroupingEvent_at_idx" ON "GroupingEvent"("at");

-- CreateIndex
CREATE INDEX "Incident_status_idx" ON "Incident"("status");

-- CreateIndex
CREATE INDEX "Incident_key_status_idx" ON "Incident"("key", "status");

-- CreateIndex
CREATE INDEX "Incident_subject_idx" ON "Incident"("subject");

-- CreateIndex
CREATE INDEX "IncidentEvent_incidentId_idx" ON "IncidentEvent"("incidentId");

-- CreateIndex
CREATE UNIQUE INDEX "Receiver_name_key" ON "Receiver"("name");

-- CreateIndex
CREATE INDEX "Silence_endsAt_idx" ON "Silence"("endsAt");

-- CreateIndex
CREATE INDEX "MaintenanceWindow_endsAt_idx" ON "MaintenanceWindow"("endsAt");

-- CreateIndex
CREATE INDEX "AlertState_status_idx" ON "AlertState"("status");

-- CreateIndex
CREATE INDEX "AlertState_source_status_idx" ON "AlertState"("source", "status");

-- CreateIndex
CREATE UNIQUE INDEX "Delivery_webhookId_key" ON "Delivery"("webhookId");

-- CreateIndex
CREATE INDEX "Delivery_status_nextAttemptAt_idx" ON "Delivery"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "Delivery_receiverId_groupKey_seq_idx" ON "Delivery"("receiverId", "groupKey", "seq");

-- CreateIndex
CREATE INDEX "DeliveryAttempt_deliveryId_idx" ON "DeliveryAttempt"("deliveryId");

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

-- CreateIndex
CREATE UNIQUE INDEX "RecoveryHook_name_key" ON "RecoveryHook"("name");

-- AddForeignKey
ALTER TABLE "Session" ADD CONSTRAINT "Session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IncidentEvent" ADD CONSTRAINT "IncidentEvent_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DeliveryAttempt" ADD CONSTRAINT "DeliveryAttempt_deliveryId_fkey" FOREIGN KEY ("deliveryId") REFERENCES "Delivery"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RecoveryAction" ADD CONSTRAINT "RecoveryAction_planId_fkey" FOREIGN KEY ("planId") REFERENCES "RecoveryPlan"("id") ON DELETE SET NULL ON UPDATE CASCADE;
