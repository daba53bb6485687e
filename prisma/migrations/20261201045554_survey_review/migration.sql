-- CreateTable
CREATE TABLE "Review" (
    "id" TEXT NOT NULL,
    "complaintId" TEXT NOT NULL,
    "cause" TEXT NOT NULL,
    "rating" INTEGER,
    "requestedBy" TEXT NOT NULL,
    "leaderId" TEXT NOT NULL,
    "requestedAt" TIMESTAMP(3) NOT NULL,
    "outcome" TEXT,
    "decidedAt" TIMESTAMP(3),
    "decidedBy" TEXT,
    "note" TEXT,

    CONSTRAINT "Review_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Review_complaintId_outcome_idx" ON "Review"("complaintId", "outcome");

-- CreateIndex
CREATE INDEX "Review_leaderId_outcome_idx" ON "Review"("leaderId", "outcome");

-- AddForeignKey
ALTER TABLE "Review" ADD CONSTRAINT "Review_complaintId_fkey" FOREIGN KEY ("complaintId") REFERENCES "Complaint"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
