-- AlterTable
ALTER TABLE "Subscription" ADD COLUMN     "priceLookupKey" TEXT,
ADD COLUMN     "productId" TEXT;

