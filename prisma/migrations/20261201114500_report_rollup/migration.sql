-- CreateTable
CREATE TABLE "ReportDay" (
    "zone" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "groupId" TEXT NOT NULL,
    "ownerId" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "priority" TEXT NOT NULL,
    "volume" INTEGER NOT NULL,
    "acknowledgeDecided" INTEGER NOT NULL,
    "acknowledgeOnTime" INTEGER NOT NULL,
    "solutionDecided" INTEGER NOT NULL,
    "solutionOnTime" INTEGER NOT NULL,
    "resolved" INTEGER NOT NULL,
    "rejected" INTEGER NOT NULL,
    "solved" INTEGER NOT NULL,
    "solvedMs" BIGINT NOT NULL,
    "escalations" INTEGER NOT NULL,
    "rated" INTEGER NOT NULL,
    "ratingSum" INTEGER NOT NULL,
    "resolvedSurveyed" INTEGER NOT NULL,
    "ratedByComplainant" INTEGER NOT NULL,
    "ratedByStaff" INTEGER NOT NULL,
    "pausedMs" DOUBLE PRECISION NOT NULL,
    "lowRated" INTEGER NOT NULL,
    "reviewed" INTEGER NOT NULL,
    "validFrom" TIMESTAMP(3),

    CONSTRAINT "ReportDay_pkey" PRIMARY KEY ("zone","day","groupId","ownerId","category","priority")
);

-- CreateTable
CREATE TABLE "ReportSolved" (
    "zone" TEXT NOT NULL,
    "month" DATE NOT NULL,
    "groupId" TEXT NOT NULL,
    "ownerId" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "priority" TEXT NOT NULL,
    "tenths" INTEGER NOT NULL,
    "n" INTEGER NOT NULL,

    CONSTRAINT "ReportSolved_pkey" PRIMARY KEY ("zone","month","groupId","ownerId","category","priority","tenths")
);

-- CreateTable
CREATE TABLE "ReportMonth" (
    "zone" TEXT NOT NULL,
    "month" DATE NOT NULL,
    "computedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ReportMonth_pkey" PRIMARY KEY ("zone","month")
);

-- CreateTable
CREATE TABLE "ReportStale" (
    "id" BIGSERIAL NOT NULL,
    "hour" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ReportStale_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ReportStale_hour_idx" ON "ReportStale"("hour");

-- hand-written below
-- Every change to what a report reads marks the hour its complaint was filed in as stale, so
-- the months holding it are added up again before the next report reads them (src/db/report-rollup.ts).
-- Inserts and deletes are marked once per statement (a bulk insert marks each hour once), updates
-- of a complaint only when a column a report reads changes, and of the clocks only the waits:
-- the acknowledge and solution clocks reach a report through the complaint row (report_facts).
-- The function bodies are E strings spelling the semicolon as the octal escape 073, as in init.
CREATE FUNCTION pledge_report_stale_filed() RETURNS trigger LANGUAGE plpgsql AS
  E'BEGIN
    IF TG_OP = ''DELETE'' THEN
      INSERT INTO "ReportStale" (hour) SELECT DISTINCT date_trunc(''hour'', "filedAt") FROM gone\073
    ELSE
      INSERT INTO "ReportStale" (hour) SELECT DISTINCT date_trunc(''hour'', "filedAt") FROM added\073
    END IF\073
    RETURN NULL\073
  END'
;

CREATE FUNCTION pledge_report_stale_changed() RETURNS trigger LANGUAGE plpgsql AS
  E'BEGIN
    INSERT INTO "ReportStale" (hour) VALUES (date_trunc(''hour'', NEW."filedAt"))\073
    IF OLD."filedAt" <> NEW."filedAt" THEN
      INSERT INTO "ReportStale" (hour) VALUES (date_trunc(''hour'', OLD."filedAt"))\073
    END IF\073
    RETURN NULL\073
  END'
;

CREATE FUNCTION pledge_report_stale_linked() RETURNS trigger LANGUAGE plpgsql AS
  E'BEGIN
    IF TG_OP = ''INSERT'' THEN
      INSERT INTO "ReportStale" (hour) SELECT DISTINCT date_trunc(''hour'', c."filedAt") FROM "Complaint" c
       WHERE c.id IN (SELECT "complaintId" FROM added)\073
    ELSIF TG_OP = ''DELETE'' THEN
      INSERT INTO "ReportStale" (hour) SELECT DISTINCT date_trunc(''hour'', c."filedAt") FROM "Complaint" c
       WHERE c.id IN (SELECT "complaintId" FROM gone)\073
    ELSE
      INSERT INTO "ReportStale" (hour) SELECT DISTINCT date_trunc(''hour'', c."filedAt") FROM "Complaint" c
       WHERE c.id IN (SELECT "complaintId" FROM added UNION SELECT "complaintId" FROM gone)\073
    END IF\073
    RETURN NULL\073
  END'
;

CREATE FUNCTION pledge_report_stale_waits() RETURNS trigger LANGUAGE plpgsql AS
  E'BEGIN
    IF TG_OP = ''INSERT'' THEN
      INSERT INTO "ReportStale" (hour) SELECT DISTINCT date_trunc(''hour'', c."filedAt") FROM "Complaint" c
       WHERE c.id IN (SELECT "complaintId" FROM added WHERE stage = ''pause'')\073
    ELSIF TG_OP = ''DELETE'' THEN
      INSERT INTO "ReportStale" (hour) SELECT DISTINCT date_trunc(''hour'', c."filedAt") FROM "Complaint" c
       WHERE c.id IN (SELECT "complaintId" FROM gone WHERE stage = ''pause'')\073
    ELSE
      INSERT INTO "ReportStale" (hour) SELECT DISTINCT date_trunc(''hour'', c."filedAt") FROM "Complaint" c
       WHERE c.id IN (SELECT "complaintId" FROM added WHERE stage = ''pause'' UNION SELECT "complaintId" FROM gone WHERE stage = ''pause'')\073
    END IF\073
    RETURN NULL\073
  END'
;

CREATE TRIGGER complaint_report_filed AFTER INSERT ON "Complaint"
  REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION pledge_report_stale_filed();
CREATE TRIGGER complaint_report_removed AFTER DELETE ON "Complaint"
  REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION pledge_report_stale_filed();
CREATE TRIGGER complaint_report_changed AFTER UPDATE ON "Complaint"
  FOR EACH ROW WHEN ((OLD."groupId", OLD."ownerId", OLD.category, OLD.priority, OLD.status, OLD."filedAt", OLD."closedAt",
      OLD."ackDueAt", OLD."ackMetAt", OLD."ackBreachedAt", OLD."solutionDueAt", OLD."solutionMetAt", OLD."solutionBreachedAt", OLD."solutionWorkingMs")
    IS DISTINCT FROM (NEW."groupId", NEW."ownerId", NEW.category, NEW.priority, NEW.status, NEW."filedAt", NEW."closedAt",
      NEW."ackDueAt", NEW."ackMetAt", NEW."ackBreachedAt", NEW."solutionDueAt", NEW."solutionMetAt", NEW."solutionBreachedAt", NEW."solutionWorkingMs"))
  EXECUTE FUNCTION pledge_report_stale_changed();

CREATE TRIGGER survey_report_added AFTER INSERT ON "Survey"
  REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION pledge_report_stale_linked();
CREATE TRIGGER survey_report_changed AFTER UPDATE ON "Survey"
  REFERENCING NEW TABLE AS added OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION pledge_report_stale_linked();
CREATE TRIGGER survey_report_removed AFTER DELETE ON "Survey"
  REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION pledge_report_stale_linked();

CREATE TRIGGER escalation_report_added AFTER INSERT ON "Escalation"
  REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION pledge_report_stale_linked();
CREATE TRIGGER escalation_report_changed AFTER UPDATE ON "Escalation"
  REFERENCING NEW TABLE AS added OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION pledge_report_stale_linked();
CREATE TRIGGER escalation_report_removed AFTER DELETE ON "Escalation"
  REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION pledge_report_stale_linked();

CREATE TRIGGER review_report_added AFTER INSERT ON "Review"
  REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION pledge_report_stale_linked();
CREATE TRIGGER review_report_changed AFTER UPDATE ON "Review"
  REFERENCING NEW TABLE AS added OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION pledge_report_stale_linked();
CREATE TRIGGER review_report_removed AFTER DELETE ON "Review"
  REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION pledge_report_stale_linked();

CREATE TRIGGER deadline_report_wait_added AFTER INSERT ON "Deadline"
  REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION pledge_report_stale_waits();
CREATE TRIGGER deadline_report_wait_changed AFTER UPDATE ON "Deadline"
  REFERENCING NEW TABLE AS added OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION pledge_report_stale_waits();
CREATE TRIGGER deadline_report_wait_removed AFTER DELETE ON "Deadline"
  REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION pledge_report_stale_waits();

-- The stages and waits still running, which a report counts at its own instant, without
-- reading the complaints whose every clock has ended.
CREATE INDEX "Complaint_running_clock_idx" ON "Complaint" ("filedAt")
  WHERE ("ackMetAt" IS NULL AND "ackDueAt" IS NOT NULL) OR ("solutionMetAt" IS NULL AND "solutionDueAt" IS NOT NULL);
CREATE INDEX "Deadline_running_wait_idx" ON "Deadline" ("complaintId") WHERE stage = 'pause' AND "metAt" IS NULL;
