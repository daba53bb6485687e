-- AlterTable
ALTER TABLE "Complaint" ADD COLUMN     "locale" TEXT;

-- CreateTable
CREATE TABLE "WebSubmission" (
    "id" TEXT NOT NULL,
    "addressHash" TEXT NOT NULL,
    "contactHash" TEXT NOT NULL,
    "contactKind" TEXT NOT NULL,
    "locale" TEXT NOT NULL,
    "sealed" TEXT,
    "keyId" TEXT,
    "sessionHash" TEXT NOT NULL,
    "codeHash" TEXT,
    "linkHash" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "sentAt" TIMESTAMP(3),
    "verifiedAt" TIMESTAMP(3),
    "complaintId" TEXT,

    CONSTRAINT "WebSubmission_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "WebSubmission_sessionHash_key" ON "WebSubmission"("sessionHash");

-- CreateIndex
CREATE UNIQUE INDEX "WebSubmission_linkHash_key" ON "WebSubmission"("linkHash");

-- CreateIndex
CREATE INDEX "WebSubmission_addressHash_createdAt_idx" ON "WebSubmission"("addressHash", "createdAt");

-- CreateIndex
CREATE INDEX "WebSubmission_contactHash_createdAt_idx" ON "WebSubmission"("contactHash", "createdAt");

-- CreateIndex
CREATE INDEX "WebSubmission_createdAt_idx" ON "WebSubmission"("createdAt");
