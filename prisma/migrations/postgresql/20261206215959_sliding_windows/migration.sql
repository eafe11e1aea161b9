-- CreateTable
CREATE TABLE "SlidingWindow" (
    "id" TEXT NOT NULL,
    "hits" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 0,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SlidingWindow_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "SlidingWindow_expiresAt_idx" ON "SlidingWindow"("expiresAt");
