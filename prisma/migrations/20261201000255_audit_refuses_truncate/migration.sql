-- No schema change: this migration only adds to the audit log's protection.
-- hand-written below

-- The row trigger of the init migration refuses UPDATE and DELETE, but TRUNCATE fires no row
-- triggers: a statement-level trigger refuses it too (directly, or by a CASCADE from "Complaint").
-- The body reuses pledge_event_append_only(), which names the operation it refuses.
CREATE TRIGGER event_no_truncate BEFORE TRUNCATE ON "Event"
  FOR EACH STATEMENT EXECUTE FUNCTION pledge_event_append_only();
