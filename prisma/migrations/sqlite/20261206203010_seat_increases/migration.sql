-- CreateTable
CREATE TABLE "SeatIncrease" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "subscriptionId" TEXT NOT NULL,
    "invoicedNow" BOOLEAN NOT NULL,
    "createdAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "SeatIncrease_subscriptionId_createdAt_idx" ON "SeatIncrease"("subscriptionId", "createdAt");
