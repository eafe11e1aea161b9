-- CreateTable
CREATE TABLE "SlidingWindow" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "hits" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 0,
    "expiresAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "SlidingWindow_expiresAt_idx" ON "SlidingWindow"("expiresAt");
