-- DropIndex
DROP INDEX "Event_hash_key";

-- hand-written below
-- The unique index on Event.hash had no reader: verify-audit walks the chain in id order and an
-- append links to the head found by id. Each append paid for it with a write to a random page of
-- the index (SHA-256 values are random), about a quarter of the audit insert WAL at 100k events.
-- Two events cannot share a hash in practice, as each hash covers the one before it.
