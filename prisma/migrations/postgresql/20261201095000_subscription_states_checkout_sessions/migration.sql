-- AlterTable
ALTER TABLE "Subscription" ADD COLUMN     "actionInvoiceId" TEXT,
ADD COLUMN     "invoiceId" TEXT,
ADD COLUMN     "invoiceReason" TEXT,
ADD COLUMN     "invoiceStatus" TEXT,
ADD COLUMN     "invoiceUrl" TEXT,
ADD COLUMN     "pauseCollection" TEXT;

-- AlterTable
ALTER TABLE "StripeEvent" ADD COLUMN     "outcome" TEXT;

-- CreateTable
CREATE TABLE "CheckoutSession" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "priceId" TEXT NOT NULL,
    "lookupKey" TEXT NOT NULL,
    "trial" BOOLEAN NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "paymentStatus" TEXT,
    "subscriptionId" TEXT,
    "stripeCreatedAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CheckoutSession_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CheckoutSession_userId_status_idx" ON "CheckoutSession"("userId", "status");

