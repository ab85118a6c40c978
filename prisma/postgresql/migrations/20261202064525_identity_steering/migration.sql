-- AlterTable
ALTER TABLE "AgentToken" ADD COLUMN     "maxConnections" INTEGER;

-- AlterTable
ALTER TABLE "Node" ADD COLUMN     "pinned" TEXT,
ADD COLUMN     "proposed" TEXT;
