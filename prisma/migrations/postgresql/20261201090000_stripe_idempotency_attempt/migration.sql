-- CreateTable
CREATE TABLE "StripeIdempotencyAttempt" (
    "scope" TEXT NOT NULL,
    "attempt" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "StripeIdempotencyAttempt_pkey" PRIMARY KEY ("scope")
);

-- CreateIndex
CREATE INDEX "StripeIdempotencyAttempt_updatedAt_idx" ON "StripeIdempotencyAttempt"("updatedAt");

