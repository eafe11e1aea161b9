-- AlterTable
ALTER TABLE "Subscription" ADD COLUMN     "currentPeriodStart" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "UsageEvent" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "meterKey" TEXT NOT NULL,
    "identifier" TEXT NOT NULL,
    "value" INTEGER NOT NULL,
    "occurredAt" TIMESTAMP(3) NOT NULL,
    "periodStart" TIMESTAMP(3) NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "leaseId" TEXT,
    "leaseUntil" TIMESTAMP(3),
    "sentAt" TIMESTAMP(3),
    "lastError" TEXT,
    "cancelRequestedAt" TIMESTAMP(3),
    "cancelSentAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "UsageEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UsageTotal" (
    "organizationId" TEXT NOT NULL,
    "meterKey" TEXT NOT NULL,
    "periodStart" TIMESTAMP(3) NOT NULL,
    "periodEnd" TIMESTAMP(3) NOT NULL,
    "used" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "UsageTotal_pkey" PRIMARY KEY ("organizationId","meterKey","periodStart")
);

-- CreateIndex
CREATE INDEX "UsageEvent_status_leaseUntil_idx" ON "UsageEvent"("status", "leaseUntil");

-- CreateIndex
CREATE INDEX "UsageEvent_organizationId_meterKey_occurredAt_idx" ON "UsageEvent"("organizationId", "meterKey", "occurredAt");

-- CreateIndex
CREATE UNIQUE INDEX "UsageEvent_organizationId_meterKey_identifier_key" ON "UsageEvent"("organizationId", "meterKey", "identifier");

-- AddForeignKey
ALTER TABLE "UsageEvent" ADD CONSTRAINT "UsageEvent_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UsageTotal" ADD CONSTRAINT "UsageTotal_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;
