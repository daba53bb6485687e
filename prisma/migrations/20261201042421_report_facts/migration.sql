-- AlterTable
ALTER TABLE "Complaint" ADD COLUMN     "ackBreachedAt" TIMESTAMP(3),
ADD COLUMN     "ackDueAt" TIMESTAMP(3),
ADD COLUMN     "ackMetAt" TIMESTAMP(3),
ADD COLUMN     "sampleKey" INTEGER NOT NULL DEFAULT (floor((random() * (4294967296)::double precision)) - (2147483648)::double precision)::integer,
ADD COLUMN     "solutionBreachedAt" TIMESTAMP(3),
ADD COLUMN     "solutionDueAt" TIMESTAMP(3),
ADD COLUMN     "solutionMetAt" TIMESTAMP(3),
ADD COLUMN     "solutionWorkingMs" BIGINT;
-- hand-written below
-- A report adds up each complaint by its first acknowledge and solution clocks. Reading them
-- from Deadline took a sort of every clock of the period (310k rows at 110k complaints), so the
-- first clock of each stage is copied onto its complaint, here for what exists and by a trigger
-- from now on. The trigger rereads the stage first clock (by startedAt, as the report always
-- picked it) whenever such a clock is added, removed, or its start, limit, end or working time
-- moves. A breach recorded by the sweep alone does not fire it: a report reads breachedAt only
-- once the clock is met, and meeting it copies the whole clock again. So the sweep never
-- writes a complaint row for a clock it claims.
-- The function body is an E string spelling the semicolon as the octal escape 073, as in init.
UPDATE "Complaint" c SET "ackDueAt" = f."dueAt", "ackMetAt" = f."metAt", "ackBreachedAt" = f."breachedAt"
  FROM (SELECT DISTINCT ON ("complaintId") "complaintId", "dueAt", "metAt", "breachedAt"
          FROM "Deadline" WHERE stage = 'acknowledge' ORDER BY "complaintId", "startedAt", id) f
 WHERE f."complaintId" = c.id;

UPDATE "Complaint" c SET "solutionDueAt" = f."dueAt", "solutionMetAt" = f."metAt", "solutionBreachedAt" = f."breachedAt", "solutionWorkingMs" = f."workingMs"
  FROM (SELECT DISTINCT ON ("complaintId") "complaintId", "dueAt", "metAt", "breachedAt", "workingMs"
          FROM "Deadline" WHERE stage = 'solution' ORDER BY "complaintId", "startedAt", id) f
 WHERE f."complaintId" = c.id;

CREATE FUNCTION pledge_first_clock() RETURNS trigger LANGUAGE plpgsql AS
  E'DECLARE d record\073
  BEGIN
    IF TG_OP = ''DELETE'' THEN d := OLD\073 ELSE d := NEW\073 END IF\073
    IF d.stage = ''acknowledge'' THEN
      UPDATE "Complaint" SET ("ackDueAt", "ackMetAt", "ackBreachedAt") =
        (SELECT f."dueAt", f."metAt", f."breachedAt" FROM "Deadline" f
          WHERE f."complaintId" = d."complaintId" AND f.stage = d.stage ORDER BY f."startedAt", f.id LIMIT 1)
       WHERE id = d."complaintId"\073
    ELSE
      UPDATE "Complaint" SET ("solutionDueAt", "solutionMetAt", "solutionBreachedAt", "solutionWorkingMs") =
        (SELECT f."dueAt", f."metAt", f."breachedAt", f."workingMs" FROM "Deadline" f
          WHERE f."complaintId" = d."complaintId" AND f.stage = d.stage ORDER BY f."startedAt", f.id LIMIT 1)
       WHERE id = d."complaintId"\073
    END IF\073
    RETURN NULL\073
  END'
;

CREATE TRIGGER deadline_first_clock_added AFTER INSERT ON "Deadline"
  FOR EACH ROW WHEN (NEW.stage IN ('acknowledge', 'solution')) EXECUTE FUNCTION pledge_first_clock();

CREATE TRIGGER deadline_first_clock_moved AFTER UPDATE OF "startedAt", "dueAt", "metAt", "workingMs" ON "Deadline"
  FOR EACH ROW WHEN (NEW.stage IN ('acknowledge', 'solution')
    AND (OLD."startedAt", OLD."dueAt", OLD."metAt", OLD."workingMs") IS DISTINCT FROM (NEW."startedAt", NEW."dueAt", NEW."metAt", NEW."workingMs"))
  EXECUTE FUNCTION pledge_first_clock();

CREATE TRIGGER deadline_first_clock_removed AFTER DELETE ON "Deadline"
  FOR EACH ROW WHEN (OLD.stage IN ('acknowledge', 'solution')) EXECUTE FUNCTION pledge_first_clock();

-- The waits on the complainant a report adds up, without reading every other clock.
CREATE INDEX "Deadline_pause_idx" ON "Deadline" ("complaintId") WHERE stage = 'pause';

-- Solutions met before their working time was stored with them: normally none, found at once.
CREATE INDEX "Deadline_unmeasured_solution_idx" ON "Deadline" ("complaintId")
  WHERE stage = 'solution' AND "metAt" IS NOT NULL AND "workingMs" IS NULL;

-- The quality sample walks the handled complaints in sampleKey order from a place the seed picks.
CREATE INDEX "Complaint_handled_sampleKey_idx" ON "Complaint" ("sampleKey") WHERE status IN ('resolved', 'rejected');
