-- AlterTable
ALTER TABLE "Subscription" ADD COLUMN "priceLookupKey" TEXT;
ALTER TABLE "Subscription" ADD COLUMN "productId" TEXT;

