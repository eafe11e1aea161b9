-- Organizations become the billing account. Written from prisma-migration-sql's output, with the data steps
-- added: every user gets a personal organization (owner membership, their Stripe customer, their subscriptions
-- and checkout sessions), so nothing billed to a user is lost. New columns are filled before they become NOT NULL.

-- CreateTable
CREATE TABLE "Organization" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "personalOwnerId" TEXT,
    "stripeCustomerId" TEXT,
    "seatsTaken" INTEGER NOT NULL DEFAULT 0,
    "seatVersion" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Organization_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Membership" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Membership_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Invitation" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "invitedById" TEXT,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "acceptedAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Invitation_pkey" PRIMARY KEY ("id")
);

-- Data: one personal organization per user, owned by them, holding their Stripe customer. One seat: the owner.
INSERT INTO "Organization" ("id", "name", "personalOwnerId", "stripeCustomerId", "seatsTaken", "createdAt", "updatedAt")
  SELECT 'org' || replace(gen_random_uuid()::text, '-', ''), COALESCE(NULLIF(TRIM("name"), ''), "email", 'Personal'), "id", "stripeCustomerId", 1, "createdAt", "updatedAt"
  FROM "User";
INSERT INTO "Membership" ("id", "organizationId", "userId", "role", "createdAt")
  SELECT 'mem' || replace(gen_random_uuid()::text, '-', ''), "id", "personalOwnerId", 'owner', "createdAt" FROM "Organization";

-- AlterTable
ALTER TABLE "User" ADD COLUMN "activeOrganizationId" TEXT;
UPDATE "User" u SET "activeOrganizationId" = o."id" FROM "Organization" o WHERE o."personalOwnerId" = u."id";

ALTER TABLE "Subscription" ADD COLUMN "organizationId" TEXT;
-- Every subscription row has a user (it had a cascading foreign key), so its personal organization exists.
UPDATE "Subscription" s SET "organizationId" = o."id" FROM "Organization" o WHERE o."personalOwnerId" = s."userId";
ALTER TABLE "Subscription" ALTER COLUMN "organizationId" SET NOT NULL;

ALTER TABLE "CheckoutSession" ADD COLUMN "organizationId" TEXT;
UPDATE "CheckoutSession" c SET "organizationId" = o."id" FROM "Organization" o WHERE o."personalOwnerId" = c."userId";
-- A session of a user deleted earlier has no organization: it keeps the old id, matches nothing, stays history.
UPDATE "CheckoutSession" SET "organizationId" = "userId" WHERE "organizationId" IS NULL;
ALTER TABLE "CheckoutSession" ALTER COLUMN "organizationId" SET NOT NULL;

-- DropForeignKey
ALTER TABLE "Subscription" DROP CONSTRAINT "Subscription_userId_fkey";

-- DropIndex
DROP INDEX "User_stripeCustomerId_key";

-- DropIndex
DROP INDEX "Subscription_userId_idx";

-- DropIndex
DROP INDEX "CheckoutSession_userId_status_idx";

-- AlterTable
ALTER TABLE "User" DROP COLUMN "stripeCustomerId";
ALTER TABLE "Subscription" DROP COLUMN "userId";
ALTER TABLE "CheckoutSession" DROP COLUMN "userId";

-- CreateIndex
CREATE UNIQUE INDEX "Organization_personalOwnerId_key" ON "Organization"("personalOwnerId");

-- CreateIndex
CREATE UNIQUE INDEX "Organization_stripeCustomerId_key" ON "Organization"("stripeCustomerId");

-- CreateIndex
CREATE INDEX "Membership_userId_idx" ON "Membership"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "Membership_organizationId_userId_key" ON "Membership"("organizationId", "userId");

-- CreateIndex
CREATE UNIQUE INDEX "Invitation_tokenHash_key" ON "Invitation"("tokenHash");

-- CreateIndex
CREATE INDEX "Invitation_organizationId_email_idx" ON "Invitation"("organizationId", "email");

-- CreateIndex
CREATE INDEX "Subscription_organizationId_idx" ON "Subscription"("organizationId");

-- CreateIndex
CREATE INDEX "CheckoutSession_organizationId_status_idx" ON "CheckoutSession"("organizationId", "status");

-- AddForeignKey
ALTER TABLE "Subscription" ADD CONSTRAINT "Subscription_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Organization" ADD CONSTRAINT "Organization_personalOwnerId_fkey" FOREIGN KEY ("personalOwnerId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Membership" ADD CONSTRAINT "Membership_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Membership" ADD CONSTRAINT "Membership_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Invitation" ADD CONSTRAINT "Invitation_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;
