-- Node identity (issue #12): enrollment tokens with limits, one credential per node.
ALTER TABLE "AgentToken" ADD COLUMN "nodeGlob" TEXT;
ALTER TABLE "AgentToken" ADD COLUMN "maxNodes" INTEGER;
ALTER TABLE "AgentToken" ADD COLUMN "expiresAt" DATETIME;
ALTER TABLE "AgentToken" ADD COLUMN "requireApproval" BOOLEAN NOT NULL DEFAULT false;

ALTER TABLE "Node" ADD COLUMN "credentialHash" TEXT;
ALTER TABLE "Node" ADD COLUMN "enrolledAt" BIGINT;
ALTER TABLE "Node" ADD COLUMN "enrolledBy" TEXT;
ALTER TABLE "Node" ADD COLUMN "approval" TEXT NOT NULL DEFAULT 'approved';
CREATE INDEX "Node_enrolledBy_idx" ON "Node"("enrolledBy");

-- Rows an agent dated in the future (before timestamps were bounded) would outlive retention:
-- they take the time Vigil received them.
UPDATE "Heartbeat" SET "ts" = "receivedAt" WHERE "ts" > "receivedAt" + 300000;
UPDATE "LogEntry" SET "ts" = "receivedAt" WHERE "ts" > "receivedAt" + 300000;
