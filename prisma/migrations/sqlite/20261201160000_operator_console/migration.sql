-- DropIndex
DROP INDEX "StripeEvent_status_receivedAt_idx";

-- DropIndex
DROP INDEX "StripeEvent_customerId_idx";

-- CreateTable
CREATE TABLE "AuditRecord" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "requestId" TEXT NOT NULL,
    "operatorId" TEXT NOT NULL,
    "operatorEmail" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "targetIds" TEXT NOT NULL,
    "targetCount" INTEGER NOT NULL,
    "detail" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE UNIQUE INDEX "AuditRecord_requestId_key" ON "AuditRecord"("requestId");

-- CreateIndex
CREATE INDEX "AuditRecord_createdAt_id_idx" ON "AuditRecord"("createdAt", "id");

-- CreateIndex
CREATE INDEX "StripeEvent_receivedAt_id_idx" ON "StripeEvent"("receivedAt", "id");

-- CreateIndex
CREATE INDEX "StripeEvent_status_receivedAt_id_idx" ON "StripeEvent"("status", "receivedAt", "id");

-- CreateIndex
CREATE INDEX "StripeEvent_type_receivedAt_id_idx" ON "StripeEvent"("type", "receivedAt", "id");

-- CreateIndex
CREATE INDEX "StripeEvent_type_status_receivedAt_id_idx" ON "StripeEvent"("type", "status", "receivedAt", "id");

-- CreateIndex
CREATE INDEX "StripeEvent_customerId_status_receivedAt_id_idx" ON "StripeEvent"("customerId", "status", "receivedAt", "id");

