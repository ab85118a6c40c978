-- CreateTable
CREATE TABLE "GroupingRun" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "at" BIGINT NOT NULL,
    "k" INTEGER NOT NULL,
    "silhouette" REAL,
    "inertia" REAL NOT NULL,
    "nodes" INTEGER NOT NULL,
    "settings" TEXT NOT NULL,
    "groups" TEXT NOT NULL,
    "state" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "NodeGroup" (
    "nodeId" TEXT NOT NULL PRIMARY KEY,
    "runId" INTEGER NOT NULL,
    "groupId" INTEGER NOT NULL,
    "distance" REAL NOT NULL,
    "outlier" BOOLEAN NOT NULL,
    "outlierMetrics" TEXT,
    "features" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "GroupingEvent" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "at" BIGINT NOT NULL,
    "runId" INTEGER NOT NULL,
    "nodeId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "fromGroup" INTEGER,
    "toGroup" INTEGER,
    "detail" TEXT
);

-- CreateIndex
CREATE INDEX "GroupingRun_at_idx" ON "GroupingRun"("at");

-- CreateIndex
CREATE INDEX "GroupingEvent_nodeId_at_idx" ON "GroupingEvent"("nodeId", "at");

-- CreateIndex
CREATE INDEX "GroupingEvent_at_idx" ON "GroupingEvent"("at");

