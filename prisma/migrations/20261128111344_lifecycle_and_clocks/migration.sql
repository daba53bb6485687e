-- DropIndex
DROP INDEX "Deadline_dueAt_idx";

-- AlterTable
ALTER TABLE "Complaint" ADD COLUMN     "closedAt" TIMESTAMP(3),
ADD COLUMN     "resolvedAt" TIMESTAMP(3),
ADD COLUMN     "result" TEXT,
ADD COLUMN     "resultBasis" TEXT,
ADD COLUMN     "resultDelivery" TEXT,
ADD COLUMN     "resultNote" TEXT,
ADD COLUMN     "resumeStatus" "Status",
ADD COLUMN     "solution" TEXT,
ADD COLUMN     "specialChannelId" TEXT;

-- AlterTable
ALTER TABLE "Deadline" ADD COLUMN     "accountableId" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "clock" TEXT NOT NULL DEFAULT 'elapsed',
ADD COLUMN     "nextCheckAt" TIMESTAMP(3),
ADD COLUMN     "pausedAt" TIMESTAMP(3),
ADD COLUMN     "thresholdsDone" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "Approval" (
    "id" TEXT NOT NULL,
    "complaintId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "requestedBy" TEXT NOT NULL,
    "approverId" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "requestedAt" TIMESTAMP(3) NOT NULL,
    "decidedAt" TIMESTAMP(3),
    "decidedBy" TEXT,
    "decisionNote" TEXT,

    CONSTRAINT "Approval_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Escalation" (
    "id" TEXT NOT NULL,
    "complaintId" TEXT NOT NULL,
    "deadlineId" TEXT,
    "stage" TEXT NOT NULL,
    "level" INTEGER NOT NULL,
    "approverId" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "requestedAt" TIMESTAMP(3) NOT NULL,
    "respondBy" TIMESTAMP(3),
    "decision" TEXT,
    "decidedAt" TIMESTAMP(3),
    "decidedBy" TEXT,
    "decisionNote" TEXT,
    "handedUpAt" TIMESTAMP(3),

    CONSTRAINT "Escalation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RunLease" (
    "job" TEXT NOT NULL,
    "fireAt" TIMESTAMP(3) NOT NULL,
    "holder" TEXT NOT NULL,
    "takenAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RunLease_pkey" PRIMARY KEY ("job","fireAt")
);

-- CreateTable
CREATE TABLE "RequestKey" (
    "key" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RequestKey_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "Approval_approverId_status_idx" ON "Approval"("approverId", "status");

-- CreateIndex
CREATE INDEX "Approval_complaintId_status_idx" ON "Approval"("complaintId", "status");

-- CreateIndex
CREATE INDEX "Escalation_complaintId_idx" ON "Escalation"("complaintId");

-- CreateIndex
CREATE INDEX "Escalation_respondBy_idx" ON "Escalation"("respondBy");

-- CreateIndex
CREATE INDEX "Deadline_nextCheckAt_idx" ON "Deadline"("nextCheckAt");

-- AddForeignKey
ALTER TABLE "Approval" ADD CONSTRAINT "Approval_complaintId_fkey" FOREIGN KEY ("complaintId") REFERENCES "Complaint"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Escalation" ADD CONSTRAINT "Escalation_complaintId_fkey" FOREIGN KEY ("complaintId") REFERENCES "Complaint"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
