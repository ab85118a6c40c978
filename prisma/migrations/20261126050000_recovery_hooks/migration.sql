-- CreateTable
CREATE TABLE "RecoveryHook" (
    "id" TEXT NOT NULL PRIMARY KEY,
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
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE UNIQUE INDEX "RecoveryHook_name_key" ON "RecoveryHook"("name");

