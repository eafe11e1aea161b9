-- CreateTable
CREATE TABLE "UsageAlert" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "meterKey" TEXT NOT NULL,
    "percent" INTEGER NOT NULL,
    "threshold" INTEGER NOT NULL,
    "allowance" INTEGER NOT NULL,
    "periodStart" TIMESTAMP(3) NOT NULL,
    "periodEnd" TIMESTAMP(3) NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'active',
    "triggeredAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "UsageAlert_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MeterErrorReport" (
    "id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "errorCount" INTEGER NOT NULL,
    "meterId" TEXT,
    "customerId" TEXT,
    "organizationId" TEXT,
    "identifier" TEXT,
    "reportedAt" TIMESTAMP(3) NOT NULL,
    "recordedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MeterErrorReport_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "UsageAlert_organizationId_status_idx" ON "UsageAlert"("organizationId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "UsageAlert_customerId_meterKey_percent_threshold_periodStar_key" ON "UsageAlert"("customerId", "meterKey", "percent", "threshold", "periodStart");

-- CreateIndex
CREATE INDEX "MeterErrorReport_reportedAt_idx" ON "MeterErrorReport"("reportedAt");
