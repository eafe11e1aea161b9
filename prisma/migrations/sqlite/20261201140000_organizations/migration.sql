-- Organizations become the billing account. Written from prisma-migration-sql's output, with the data steps
-- added: every user gets a personal organization (owner membership, their Stripe customer, their subscriptions
-- and checkout sessions), so nothing billed to a user is lost.

-- CreateTable
CREATE TABLE "Organization" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "personalOwnerId" TEXT,
    "stripeCustomerId" TEXT,
    "seatsTaken" INTEGER NOT NULL DEFAULT 0,
    "seatVersion" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Organization_personalOwnerId_fkey" FOREIGN KEY ("personalOwnerId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Membership" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "organizationId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Membership_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Membership_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Invitation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "organizationId" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "invitedById" TEXT,
    "expiresAt" DATETIME NOT NULL,
    "acceptedAt" DATETIME,
    "revokedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Invitation_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- Data: one personal organization per user, owned by them, holding their Stripe customer. One seat: the owner.
INSERT INTO "Organization" ("id", "name", "personalOwnerId", "stripeCustomerId", "seatsTaken", "createdAt", "updatedAt")
  SELECT 'org' || lower(hex(randomblob(12))), COALESCE(NULLIF(TRIM("name"), ''), "email", 'Personal'), "id", "stripeCustomerId", 1, "createdAt", "updatedAt"
  FROM "User";
INSERT INTO "Membership" ("id", "organizationId", "userId", "role", "createdAt")
  SELECT 'mem' || lower(hex(randomblob(12))), "id", "personalOwnerId", 'owner', "createdAt" FROM "Organization";

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_User" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT,
    "email" TEXT,
    "emailVerified" DATETIME,
    "image" TEXT,
    "activeOrganizationId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_User" ("activeOrganizationId", "createdAt", "email", "emailVerified", "id", "image", "name", "updatedAt")
  SELECT (SELECT o."id" FROM "Organization" o WHERE o."personalOwnerId" = u."id"), u."createdAt", u."email", u."emailVerified", u."id", u."image", u."name", u."updatedAt"
  FROM "User" u;
DROP TABLE "User";
ALTER TABLE "new_User" RENAME TO "User";
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");
CREATE TABLE "new_Subscription" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "organizationId" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "priceId" TEXT NOT NULL,
    "priceLookupKey" TEXT,
    "productId" TEXT,
    "quantity" INTEGER NOT NULL DEFAULT 1,
    "currentPeriodEnd" DATETIME,
    "trialEnd" DATETIME,
    "cancelAtPeriodEnd" BOOLEAN NOT NULL DEFAULT false,
    "cancelAt" DATETIME,
    "canceledAt" DATETIME,
    "endedAt" DATETIME,
    "pauseCollection" TEXT,
    "invoiceId" TEXT,
    "invoiceStatus" TEXT,
    "invoiceReason" TEXT,
    "invoiceUrl" TEXT,
    "actionInvoiceId" TEXT,
    "stripeStateAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Subscription_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
-- Every subscription row has a user (it had a cascading foreign key), so its personal organization exists.
INSERT INTO "new_Subscription" ("organizationId", "actionInvoiceId", "cancelAt", "cancelAtPeriodEnd", "canceledAt", "createdAt", "currentPeriodEnd", "customerId", "endedAt", "id", "invoiceId", "invoiceReason", "invoiceStatus", "invoiceUrl", "pauseCollection", "priceId", "priceLookupKey", "productId", "quantity", "status", "stripeStateAt", "trialEnd", "updatedAt")
  SELECT (SELECT o."id" FROM "Organization" o WHERE o."personalOwnerId" = s."userId"), s."actionInvoiceId", s."cancelAt", s."cancelAtPeriodEnd", s."canceledAt", s."createdAt", s."currentPeriodEnd", s."customerId", s."endedAt", s."id", s."invoiceId", s."invoiceReason", s."invoiceStatus", s."invoiceUrl", s."pauseCollection", s."priceId", s."priceLookupKey", s."productId", s."quantity", s."status", s."stripeStateAt", s."trialEnd", s."updatedAt"
  FROM "Subscription" s;
DROP TABLE "Subscription";
ALTER TABLE "new_Subscription" RENAME TO "Subscription";
CREATE INDEX "Subscription_organizationId_idx" ON "Subscription"("organizationId");
CREATE INDEX "Subscription_customerId_idx" ON "Subscription"("customerId");
CREATE TABLE "new_CheckoutSession" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "organizationId" TEXT NOT NULL,
    "priceId" TEXT NOT NULL,
    "lookupKey" TEXT NOT NULL,
    "trial" BOOLEAN NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "paymentStatus" TEXT,
    "subscriptionId" TEXT,
    "stripeCreatedAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
-- A session of a user deleted earlier has no organization: it keeps the old id, matches nothing, stays history.
INSERT INTO "new_CheckoutSession" ("organizationId", "createdAt", "id", "lookupKey", "paymentStatus", "priceId", "status", "stripeCreatedAt", "subscriptionId", "trial", "updatedAt")
  SELECT COALESCE((SELECT o."id" FROM "Organization" o WHERE o."personalOwnerId" = c."userId"), c."userId"), c."createdAt", c."id", c."lookupKey", c."paymentStatus", c."priceId", c."status", c."stripeCreatedAt", c."subscriptionId", c."trial", c."updatedAt"
  FROM "CheckoutSession" c;
DROP TABLE "CheckoutSession";
ALTER TABLE "new_CheckoutSession" RENAME TO "CheckoutSession";
CREATE INDEX "CheckoutSession_organizationId_status_idx" ON "CheckoutSession"("organizationId", "status");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

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
