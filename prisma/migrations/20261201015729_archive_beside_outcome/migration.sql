-- hand-written above the generated part: archiving stops replacing the outcome, and the enum
-- below loses the archived status. First each archived complaint gets its outcome back from its
-- audit events (the last resolved, rejected or withdrawn event, since a reopen always led to a
-- new one), or, with no such event, from what only that outcome sets. When and why it was
-- archived is kept aside for the columns the generated part adds, and written at the end.
-- (No semicolons or quotes in these comments: the schema engine splits the script on them.)
CREATE TABLE "_ArchivedOutcome" AS
SELECT p.id,
       COALESCE(
         (SELECT CASE e.type WHEN 'complaint.resolved' THEN 'resolved' WHEN 'complaint.rejected' THEN 'rejected' ELSE 'withdrawn' END
            FROM "Event" e
           WHERE e."complaintId" = p.id AND e.type IN ('complaint.resolved', 'complaint.rejected', 'complaint.withdrawn')
           ORDER BY e.id DESC LIMIT 1),
         CASE WHEN p."resolvedAt" IS NOT NULL THEN 'resolved' WHEN p."acceptedAt" IS NULL THEN 'withdrawn' ELSE 'rejected' END
       ) AS outcome,
       COALESCE(a.at, p."closedAt", p."updatedAt") AS "archivedAt",
       COALESCE(a.payload->>'reason', 'limit') AS reason
  FROM "Complaint" p
  LEFT JOIN LATERAL (
        SELECT e.at, e.payload FROM "Event" e
         WHERE e."complaintId" = p.id AND e.type = 'complaint.archived'
         ORDER BY e.id DESC LIMIT 1) a ON true
 WHERE p.status = 'archived';
UPDATE "Complaint" p SET status = r.outcome::"Status" FROM "_ArchivedOutcome" r WHERE r.id = p.id;

-- generated below
-- AlterEnum
BEGIN;
CREATE TYPE "Status_new" AS ENUM ('new', 'accepted', 'investigating', 'waiting_on_complainant', 'solution_proposed', 'resolved', 'rejected', 'withdrawn');
ALTER TABLE "Complaint" ALTER COLUMN "status" DROP DEFAULT;
ALTER TABLE "Complaint" ALTER COLUMN "status" TYPE "Status_new" USING ("status"::text::"Status_new");
ALTER TABLE "Complaint" ALTER COLUMN "resumeStatus" TYPE "Status_new" USING ("resumeStatus"::text::"Status_new");
ALTER TYPE "Status" RENAME TO "Status_old";
ALTER TYPE "Status_new" RENAME TO "Status";
DROP TYPE "Status_old";
ALTER TABLE "Complaint" ALTER COLUMN "status" SET DEFAULT 'new';
COMMIT;

-- AlterTable
ALTER TABLE "Complaint" ADD COLUMN     "archiveReason" TEXT,
ADD COLUMN     "archivedAt" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "Complaint_archivedAt_idx" ON "Complaint"("archivedAt");

-- hand-written below
UPDATE "Complaint" p SET "archivedAt" = r."archivedAt", "archiveReason" = r.reason FROM "_ArchivedOutcome" r WHERE r.id = p.id;
DROP TABLE "_ArchivedOutcome";
