-- CreateTable
CREATE TABLE "CreditPurchase" (
    "checkoutSessionId" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "pack" TEXT NOT NULL,
    "amount" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "creditGrantId" TEXT,
    "fulfilledAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CreditPurchase_pkey" PRIMARY KEY ("checkoutSessionId")
);

-- CreateIndex
CREATE UNIQUE INDEX "CreditPurchase_creditGrantId_key" ON "CreditPurchase"("creditGrantId");

-- CreateIndex
CREATE INDEX "CreditPurchase_organizationId_createdAt_idx" ON "CreditPurchase"("organizationId", "createdAt");

-- AddForeignKey
ALTER TABLE "CreditPurchase" ADD CONSTRAINT "CreditPurchase_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

