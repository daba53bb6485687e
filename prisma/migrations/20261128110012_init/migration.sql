-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "Priority" AS ENUM ('normal', 'major', 'urgent');

-- CreateEnum
CREATE TYPE "Source" AS ENUM ('chat', 'phone', 'email', 'web', 'in_person');

-- CreateEnum
CREATE TYPE "Status" AS ENUM ('new', 'accepted', 'investigating', 'waiting_on_complainant', 'solution_proposed', 'resolved', 'archived', 'rejected', 'withdrawn');

-- CreateTable
CREATE TABLE "Complaint" (
    "id" TEXT NOT NULL,
    "reference" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "seq" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "details" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "priority" "Priority" NOT NULL,
    "source" "Source" NOT NULL,
    "status" "Status" NOT NULL DEFAULT 'new',
    "platform" TEXT NOT NULL DEFAULT 'slack',
    "filerId" TEXT NOT NULL,
    "ownerId" TEXT NOT NULL,
    "groupId" TEXT NOT NULL,
    "firstResponderId" TEXT,
    "contactId" TEXT,
    "originChannelId" TEXT,
    "originMessageTs" TEXT,
    "originPermalink" TEXT,
    "channelId" TEXT,
    "channelTs" TEXT,
    "submissionKey" TEXT NOT NULL,
    "filedAt" TIMESTAMP(3) NOT NULL,
    "acceptedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Complaint_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReferenceCounter" (
    "year" INTEGER NOT NULL,
    "last" INTEGER NOT NULL,

    CONSTRAINT "ReferenceCounter_pkey" PRIMARY KEY ("year")
);

-- CreateTable
CREATE TABLE "OwnerRotation" (
    "groupId" TEXT NOT NULL,
    "lastOwnerId" TEXT NOT NULL,

    CONSTRAINT "OwnerRotation_pkey" PRIMARY KEY ("groupId")
);

-- CreateTable
CREATE TABLE "Contact" (
    "id" TEXT NOT NULL,
    "name" TEXT,
    "kind" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "masked" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Contact_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Deadline" (
    "id" TEXT NOT NULL,
    "complaintId" TEXT NOT NULL,
    "stage" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "dueAt" TIMESTAMP(3) NOT NULL,
    "metAt" TIMESTAMP(3),
    "breachedAt" TIMESTAMP(3),

    CONSTRAINT "Deadline_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Event" (
    "id" BIGSERIAL NOT NULL,
    "complaintId" TEXT,
    "actorId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "prevHash" TEXT,
    "hash" TEXT NOT NULL,

    CONSTRAINT "Event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Notification" (
    "id" BIGSERIAL NOT NULL,
    "dedupeKey" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "complaintId" TEXT,
    "payload" JSONB NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "sentAt" TIMESTAMP(3),
    "failedAt" TIMESTAMP(3),
    "resultChannel" TEXT,
    "resultTs" TEXT,
    "lastError" TEXT,

    CONSTRAINT "Notification_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Complaint_reference_key" ON "Complaint"("reference");

-- CreateIndex
CREATE UNIQUE INDEX "Complaint_contactId_key" ON "Complaint"("contactId");

-- CreateIndex
CREATE UNIQUE INDEX "Complaint_submissionKey_key" ON "Complaint"("submissionKey");

-- CreateIndex
CREATE INDEX "Complaint_ownerId_status_idx" ON "Complaint"("ownerId", "status");

-- CreateIndex
CREATE INDEX "Complaint_filerId_status_idx" ON "Complaint"("filerId", "status");

-- CreateIndex
CREATE INDEX "Complaint_groupId_status_idx" ON "Complaint"("groupId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "Complaint_year_seq_key" ON "Complaint"("year", "seq");

-- CreateIndex
CREATE INDEX "Deadline_complaintId_stage_idx" ON "Deadline"("complaintId", "stage");

-- CreateIndex
CREATE INDEX "Deadline_dueAt_idx" ON "Deadline"("dueAt");

-- CreateIndex
CREATE UNIQUE INDEX "Event_hash_key" ON "Event"("hash");

-- CreateIndex
CREATE INDEX "Event_complaintId_id_idx" ON "Event"("complaintId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "Notification_dedupeKey_key" ON "Notification"("dedupeKey");

-- CreateIndex
CREATE INDEX "Notification_sentAt_failedAt_nextAttemptAt_idx" ON "Notification"("sentAt", "failedAt", "nextAttemptAt");

-- AddForeignKey
ALTER TABLE "Complaint" ADD CONSTRAINT "Complaint_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "Contact"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Deadline" ADD CONSTRAINT "Deadline_complaintId_fkey" FOREIGN KEY ("complaintId") REFERENCES "Complaint"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Event" ADD CONSTRAINT "Event_complaintId_fkey" FOREIGN KEY ("complaintId") REFERENCES "Complaint"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Audit events are append-only: the pledge forbids altering or hiding records,
-- so the database itself refuses, whatever code runs against it.
-- The body is an E'' string spelling the semicolon as the octal escape 073: the migration
-- runner splits statements at every semicolon and would cut a plain function body in half.
CREATE FUNCTION pledge_event_append_only() RETURNS trigger LANGUAGE plpgsql AS
  E'BEGIN RAISE EXCEPTION ''audit events are append-only: % on "Event" refused'', TG_OP\073 END'
;

CREATE TRIGGER event_append_only BEFORE UPDATE OR DELETE ON "Event"
  FOR EACH ROW EXECUTE FUNCTION pledge_event_append_only();
