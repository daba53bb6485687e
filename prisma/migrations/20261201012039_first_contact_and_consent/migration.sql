-- AlterTable
ALTER TABLE "Complaint" DROP COLUMN "firstResponderId",
ADD COLUMN     "acceptedById" TEXT,
ADD COLUMN     "firstContactId" TEXT;

-- AlterTable
ALTER TABLE "Deadline" ADD COLUMN     "consent" TEXT;

-- hand-written below
-- Existing complaints, from their audit events (the dropped "firstResponderId" was the first to accept).
-- Who accepted: the first acceptance recorded.
UPDATE "Complaint" c SET "acceptedById" = (
  SELECT e."actorId" FROM "Event" e WHERE e."complaintId" = c.id AND e.type = 'complaint.accepted' ORDER BY e.id LIMIT 1);
-- The first contact (domain/first-contact.ts): the member who registered it for someone else (an
-- outside customer's contact, or received by phone, e-mail, web or in person), or else the first to accept.
UPDATE "Complaint" SET "firstContactId" = CASE
  WHEN "contactId" IS NOT NULL OR source <> 'chat' THEN "filerId"
  ELSE "acceptedById" END;
-- Whose consent moved an extended clock: its latest extension's.
UPDATE "Deadline" d SET consent = (
  SELECT e.payload->>'consent' FROM "Event" e
   WHERE e."complaintId" = d."complaintId" AND e.type = 'complaint.extended' AND e.payload->>'deadlineId' = d.id
   ORDER BY e.id DESC LIMIT 1);
-- Waits on the complainant already under way get the pause limit (sla.maxPause) too, counted from
-- when they began. Their due time is a placeholder: the sweep works the end out from the config.
INSERT INTO "Deadline" (id, "complaintId", stage, "accountableId", clock, "startedAt", "dueAt", "thresholdsDone", "nextCheckAt")
SELECT gen_random_uuid()::text, c.id, 'pause', c."ownerId", 'working', p.started, p.started, 0, p.started
  FROM "Complaint" c
  JOIN (SELECT "complaintId", min("pausedAt") AS started FROM "Deadline" WHERE "pausedAt" IS NOT NULL AND "metAt" IS NULL GROUP BY 1) p ON p."complaintId" = c.id
 WHERE c.status = 'waiting_on_complainant';
