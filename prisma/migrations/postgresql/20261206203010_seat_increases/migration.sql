-- CreateTable
CREATE TABLE "SeatIncrease" (
    "id" TEXT NOT NULL,
    "subscriptionId" TEXT NOT NULL,
    "invoicedNow" BOOLEAN NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SeatIncrease_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "SeatIncrease_subscriptionId_createdAt_idx" ON "SeatIncrease"("subscriptionId", "createdAt");
