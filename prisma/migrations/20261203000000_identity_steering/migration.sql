-- Node identity, second part (issue #12): pinned and held steering attributes, connection cap per token.
ALTER TABLE "AgentToken" ADD COLUMN "maxConnections" INTEGER;
ALTER TABLE "Node" ADD COLUMN "pinned" TEXT;
ALTER TABLE "Node" ADD COLUMN "proposed" TEXT;
