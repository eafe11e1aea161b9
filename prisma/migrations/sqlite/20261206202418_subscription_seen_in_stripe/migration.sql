-- AlterTable
ALTER TABLE "Subscription" ADD COLUMN "seenInStripeAt" DATETIME;
