-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_PlanChangePreview" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "organizationId" TEXT NOT NULL,
    "subscriptionId" TEXT NOT NULL,
    "fromPriceId" TEXT NOT NULL,
    "fromQuantity" INTEGER NOT NULL,
    "toPriceId" TEXT NOT NULL,
    "toLookupKey" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,
    "timing" TEXT NOT NULL,
    "prorationDate" INTEGER,
    "currency" TEXT NOT NULL,
    "amountDue" INTEGER NOT NULL,
    "credit" INTEGER NOT NULL,
    "nextAmount" INTEGER NOT NULL,
    "nextAt" DATETIME NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "confirmedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "PlanChangePreview_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_PlanChangePreview" ("amountDue", "confirmedAt", "createdAt", "credit", "currency", "expiresAt", "fromPriceId", "fromQuantity", "id", "nextAmount", "nextAt", "organizationId", "prorationDate", "quantity", "subscriptionId", "timing", "toLookupKey", "toPriceId") SELECT "amountDue", "confirmedAt", "createdAt", "credit", "currency", "expiresAt", "fromPriceId", "fromQuantity", "id", "nextAmount", "nextAt", "organizationId", "prorationDate", "quantity", "subscriptionId", "timing", "toLookupKey", "toPriceId" FROM "PlanChangePreview";
DROP TABLE "PlanChangePreview";
ALTER TABLE "new_PlanChangePreview" RENAME TO "PlanChangePreview";
CREATE INDEX "PlanChangePreview_organizationId_createdAt_idx" ON "PlanChangePreview"("organizationId", "createdAt");
CREATE INDEX "PlanChangePreview_expiresAt_idx" ON "PlanChangePreview"("expiresAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
