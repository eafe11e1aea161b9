-- AlterTable
ALTER TABLE "PlanChangePreview" ALTER COLUMN "prorationDate" DROP NOT NULL;
