-- AlterTable
ALTER TABLE "Subscription" ADD COLUMN     "scheduleId" TEXT,
ADD COLUMN     "scheduledChangeAt" TIMESTAMP(3),
ADD COLUMN     "scheduledPriceId" TEXT;

-- CreateTable
CREATE TABLE "PlanChangePreview" (
    "id" TEXT NOT NULL,
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
    "nextAt" TIMESTAMP(3) NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "confirmedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PlanChangePreview_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "PlanChangePreview_organizationId_createdAt_idx" ON "PlanChangePreview"("organizationId", "createdAt");

-- CreateIndex
CREATE INDEX "PlanChangePreview_expiresAt_idx" ON "PlanChangePreview"("expiresAt");

-- AddForeignKey
ALTER TABLE "PlanChangePreview" ADD CONSTRAINT "PlanChangePreview_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;
