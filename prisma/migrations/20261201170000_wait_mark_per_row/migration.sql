-- No schema change: a changed wait on the complainant is marked for the report by a row trigger.
-- hand-written below

-- report_rollup marked the hour a complaint was filed in when one of its waits (pause clocks)
-- changed, with a statement trigger on every UPDATE of "Deadline" that kept each updated row, old
-- and new, in transition tables, whatever its stage. The sweep updates up to 100 clocks a
-- transaction and hardly ever a wait: keeping and rereading those rows was some 45% of the
-- server's CPU for its claim (200 clocks, rolled back 60 times: 6.7 -> 3.7 ms). A row trigger whose
-- WHEN picks the waits costs every other clock nothing. It marks the same hour, once per changed
-- wait rather than once per hour and statement, which is the same set of marks to the reader.
-- The function body is an E string spelling the semicolon as the octal escape 073, as in init.
DROP TRIGGER deadline_report_wait_changed ON "Deadline";

CREATE FUNCTION pledge_report_stale_wait_row() RETURNS trigger LANGUAGE plpgsql AS
  E'BEGIN
    INSERT INTO "ReportStale" (hour) SELECT date_trunc(''hour'', c."filedAt") FROM "Complaint" c
     WHERE c.id IN (OLD."complaintId", NEW."complaintId")\073
    RETURN NULL\073
  END'
;

CREATE TRIGGER deadline_report_wait_changed AFTER UPDATE ON "Deadline"
  FOR EACH ROW WHEN (OLD.stage = 'pause' OR NEW.stage = 'pause') EXECUTE FUNCTION pledge_report_stale_wait_row();
