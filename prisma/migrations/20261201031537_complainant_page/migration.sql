-- CreateTable
CREATE TABLE "PageLink" (
    "id" TEXT NOT NULL,
    "complaintId" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "PageLink_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "PageLink_tokenHash_key" ON "PageLink"("tokenHash");

-- CreateIndex
CREATE INDEX "PageLink_complaintId_idx" ON "PageLink"("complaintId");

-- AddForeignKey
ALTER TABLE "PageLink" ADD CONSTRAINT "PageLink_complaintId_fkey" FOREIGN KEY ("complaintId") REFERENCES "Complaint"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
