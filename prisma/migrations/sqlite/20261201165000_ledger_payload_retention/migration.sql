-- AlterTable
ALTER TABLE "StripeEvent" ADD COLUMN "payloadPrunedAt" DATETIME;

-- CreateIndex
CREATE INDEX "StripeEvent_status_payloadPrunedAt_receivedAt_idx" ON "StripeEvent"("status", "payloadPrunedAt", "receivedAt");
