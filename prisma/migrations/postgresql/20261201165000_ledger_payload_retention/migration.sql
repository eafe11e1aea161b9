-- AlterTable
ALTER TABLE "StripeEvent" ADD COLUMN     "payloadPrunedAt" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "StripeEvent_status_payloadPrunedAt_receivedAt_idx" ON "StripeEvent"("status", "payloadPrunedAt", "receivedAt");
