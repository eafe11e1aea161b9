-- AlterTable
ALTER TABLE "Subscription" ADD COLUMN "actionInvoiceId" TEXT;
ALTER TABLE "Subscription" ADD COLUMN "invoiceId" TEXT;
ALTER TABLE "Subscription" ADD COLUMN "invoiceReason" TEXT;
ALTER TABLE "Subscription" ADD COLUMN "invoiceStatus" TEXT;
ALTER TABLE "Subscription" ADD COLUMN "invoiceUrl" TEXT;
ALTER TABLE "Subscription" ADD COLUMN "pauseCollection" TEXT;

-- AlterTable
ALTER TABLE "StripeEvent" ADD COLUMN "outcome" TEXT;

-- CreateTable
CREATE TABLE "CheckoutSession" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "priceId" TEXT NOT NULL,
    "lookupKey" TEXT NOT NULL,
    "trial" BOOLEAN NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "paymentStatus" TEXT,
    "subscriptionId" TEXT,
    "stripeCreatedAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "CheckoutSession_userId_status_idx" ON "CheckoutSession"("userId", "status");

