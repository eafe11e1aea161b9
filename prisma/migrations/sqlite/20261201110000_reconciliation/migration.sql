-- CreateTable
CREATE TABLE "BillingDrift" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "subscriptionId" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "organizationId" TEXT,
    "field" TEXT NOT NULL,
    "was" TEXT,
    "now" TEXT,
    "foundAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "repaired" BOOLEAN NOT NULL,
    "source" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "ReconcileCheckpoint" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "cursor" TEXT,
    "cursorAt" DATETIME,
    "updatedAt" DATETIME NOT NULL
);

-- AlterTable: new columns only, so ADD COLUMN (no table copy of a possibly large ledger)
ALTER TABLE "StripeEvent" ADD COLUMN "autoRetries" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "StripeEvent" ADD COLUMN "nextRetryAt" DATETIME;

-- CreateIndex
CREATE INDEX "StripeEvent_status_nextRetryAt_idx" ON "StripeEvent"("status", "nextRetryAt");

-- CreateIndex
CREATE INDEX "BillingDrift_customerId_foundAt_idx" ON "BillingDrift"("customerId", "foundAt");

-- CreateIndex
CREATE INDEX "BillingDrift_organizationId_foundAt_idx" ON "BillingDrift"("organizationId", "foundAt");

-- CreateIndex
CREATE INDEX "BillingDrift_foundAt_idx" ON "BillingDrift"("foundAt");

