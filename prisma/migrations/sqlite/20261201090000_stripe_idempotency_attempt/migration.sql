-- CreateTable
CREATE TABLE "StripeIdempotencyAttempt" (
    "scope" TEXT NOT NULL PRIMARY KEY,
    "attempt" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "StripeIdempotencyAttempt_updatedAt_idx" ON "StripeIdempotencyAttempt"("updatedAt");

