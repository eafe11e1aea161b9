-- AlterTable
ALTER TABLE "Subscription" ADD COLUMN "currentPeriodStart" DATETIME;

-- CreateTable
CREATE TABLE "UsageEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "organizationId" TEXT NOT NULL,
    "meterKey" TEXT NOT NULL,
    "identifier" TEXT NOT NULL,
    "value" INTEGER NOT NULL,
    "occurredAt" DATETIME NOT NULL,
    "periodStart" DATETIME NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "leaseId" TEXT,
    "leaseUntil" DATETIME,
    "sentAt" DATETIME,
    "lastError" TEXT,
    "cancelRequestedAt" DATETIME,
    "cancelSentAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "UsageEvent_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "UsageTotal" (
    "organizationId" TEXT NOT NULL,
    "meterKey" TEXT NOT NULL,
    "periodStart" DATETIME NOT NULL,
    "periodEnd" DATETIME NOT NULL,
    "used" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("organizationId", "meterKey", "periodStart"),
    CONSTRAINT "UsageTotal_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "UsageEvent_status_leaseUntil_idx" ON "UsageEvent"("status", "leaseUntil");

-- CreateIndex
CREATE INDEX "UsageEvent_organizationId_meterKey_occurredAt_idx" ON "UsageEvent"("organizationId", "meterKey", "occurredAt");

-- CreateIndex
CREATE UNIQUE INDEX "UsageEvent_organizationId_meterKey_identifier_key" ON "UsageEvent"("organizationId", "meterKey", "identifier");
