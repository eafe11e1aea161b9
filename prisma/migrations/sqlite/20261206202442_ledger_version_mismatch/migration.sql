-- Written by hand from the engine's output, which rebuilds the whole table (CREATE "new_StripeEvent", copy, DROP):
-- a NOT NULL column with a constant default is one ALTER TABLE on SQLite, without copying a ledger of millions of
-- rows. The result is the same table (tests/db/migrations.test.ts compares it with prisma/schema.prisma).

-- AlterTable
ALTER TABLE "StripeEvent" ADD COLUMN "versionMismatch" BOOLEAN NOT NULL DEFAULT false;

-- Events already recorded were received while the app pinned 2026-10-28.endive (lib/stripe/client.ts).
UPDATE "StripeEvent" SET "versionMismatch" = true WHERE "apiVersion" IS NOT NULL AND "apiVersion" <> '2026-10-28.endive';

-- CreateIndex
CREATE INDEX "StripeEvent_versionMismatch_receivedAt_apiVersion_idx" ON "StripeEvent"("versionMismatch", "receivedAt", "apiVersion");

-- CreateIndex
CREATE INDEX "StripeEvent_versionMismatch_status_receivedAt_idx" ON "StripeEvent"("versionMismatch", "status", "receivedAt");
