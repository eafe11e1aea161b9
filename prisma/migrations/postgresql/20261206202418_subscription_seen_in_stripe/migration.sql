-- AlterTable
ALTER TABLE "Subscription" ADD COLUMN     "seenInStripeAt" TIMESTAMP(3);
