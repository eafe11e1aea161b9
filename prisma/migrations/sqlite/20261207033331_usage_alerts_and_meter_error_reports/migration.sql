-- CreateTable
CREATE TABLE "UsageAlert" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "organizationId" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "meterKey" TEXT NOT NULL,
    "percent" INTEGER NOT NULL,
    "threshold" INTEGER NOT NULL,
    "allowance" INTEGER NOT NULL,
    "periodStart" DATETIME NOT NULL,
    "periodEnd" DATETIME NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'active',
    "triggeredAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "MeterErrorReport" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "type" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "errorCount" INTEGER NOT NULL,
    "meterId" TEXT,
    "customerId" TEXT,
    "organizationId" TEXT,
    "identifier" TEXT,
    "reportedAt" DATETIME NOT NULL,
    "recordedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "UsageAlert_organizationId_status_idx" ON "UsageAlert"("organizationId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "UsageAlert_customerId_meterKey_percent_threshold_periodStart_key" ON "UsageAlert"("customerId", "meterKey", "percent", "threshold", "periodStart");

-- CreateIndex
CREATE INDEX "MeterErrorReport_reportedAt_idx" ON "MeterErrorReport"("reportedAt");
