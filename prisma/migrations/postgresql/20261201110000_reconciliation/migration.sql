-- AlterTable
ALTER TABLE "StripeEvent" ADD COLUMN     "autoRetries" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "nextRetryAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "BillingDrift" (
    "id" TEXT NOT NULL,
    "subscriptionId" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "organizationId" TEXT,
    "field" TEXT NOT NULL,
    "was" TEXT,
    "now" TEXT,
    "foundAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "repaired" BOOLEAN NOT NULL,
    "source" TEXT NOT NULL,

    CONSTRAINT "BillingDrift_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReconcileCheckpoint" (
    "id" TEXT NOT NULL,
    "cursor" TEXT,
    "cursorAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ReconcileCheckpoint_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "BillingDrift_customerId_foundAt_idx" ON "BillingDrift"("customerId", "foundAt");

-- CreateIndex
CREATE INDEX "BillingDrift_organizationId_foundAt_idx" ON "BillingDrift"("organizationId", "foundAt");

-- CreateIndex
CREATE INDEX "BillingDrift_foundAt_idx" ON "BillingDrift"("foundAt");

-- CreateIndex
CREATE INDEX "StripeEvent_status_nextRetryAt_idx" ON "StripeEvent"("status", "nextRetryAt");

