-- AlterTable
ALTER TABLE "Subscription" ADD COLUMN "scheduleId" TEXT;
ALTER TABLE "Subscription" ADD COLUMN "scheduledChangeAt" DATETIME;
ALTER TABLE "Subscription" ADD COLUMN "scheduledPriceId" TEXT;

-- CreateTable
CREATE TABLE "PlanChangePreview" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "organizationId" TEXT NOT NULL,
    "subscriptionId" TEXT NOT NULL,
    "fromPriceId" TEXT NOT NULL,
    "fromQuantity" INTEGER NOT NULL,
    "toPriceId" TEXT NOT NULL,
    "toLookupKey" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,
    "timing" TEXT NOT NULL,
    "prorationDate" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "amountDue" INTEGER NOT NULL,
    "credit" INTEGER NOT NULL,
    "nextAmount" INTEGER NOT NULL,
    "nextAt" DATETIME NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "confirmedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "PlanChangePreview_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "PlanChangePreview_organizationId_createdAt_idx" ON "PlanChangePreview"("organizationId", "createdAt");

-- CreateIndex
CREATE INDEX "PlanChangePreview_expiresAt_idx" ON "PlanChangePreview"("expiresAt");
