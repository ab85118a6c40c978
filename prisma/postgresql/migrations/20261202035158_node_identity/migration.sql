-- AlterTable
ALTER TABLE "AgentToken" ADD COLUMN     "expiresAt" TIMESTAMP(3),
ADD COLUMN     "maxNodes" INTEGER,
ADD COLUMN     "nodeGlob" TEXT,
ADD COLUMN     "requireApproval" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "Node" ADD COLUMN     "approval" TEXT NOT NULL DEFAULT 'approved',
ADD COLUMN     "credentialHash" TEXT,
ADD COLUMN     "enrolledAt" BIGINT,
ADD COLUMN     "enrolledBy" TEXT;

-- CreateIndex
CREATE INDEX "Node_enrolledBy_idx" ON "Node"("enrolledBy");

-- Rows an agent dated in the future (before timestamps were bounded) would outlive retention:
-- they take the time Vigil received them.
UPDATE "Heartbeat" SET "ts" = "receivedAt" WHERE "ts" > "receivedAt" + 300000;
UPDATE "LogEntry" SET "ts" = "receivedAt" WHERE "ts" > "receivedAt" + 300000;
