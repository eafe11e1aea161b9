-- AlterTable
ALTER TABLE "StripeEvent" ADD COLUMN     "versionMismatch" BOOLEAN NOT NULL DEFAULT false;

-- Events already recorded were received while the app pinned 2026-10-28.endive (lib/stripe/client.ts).
UPDATE "StripeEvent" SET "versionMismatch" = true WHERE "apiVersion" IS NOT NULL AND "apiVersion" <> '2026-10-28.endive';

-- CreateIndex
CREATE INDEX "StripeEvent_versionMismatch_receivedAt_apiVersion_idx" ON "StripeEvent"("versionMismatch", "receivedAt", "apiVersion");

-- CreateIndex
CREATE INDEX "StripeEvent_versionMismatch_status_receivedAt_idx" ON "StripeEvent"("versionMismatch", "status", "receivedAt");
