-- hand-written below
-- Chat-neutral names for the ids of messages Pledge posted or was filed from (issue 14, point 1).
-- A rename keeps every stored id, where a generated diff would drop the columns and add new ones.
ALTER TABLE "Complaint" RENAME COLUMN "channelTs" TO "rootMessageId";
ALTER TABLE "Complaint" RENAME COLUMN "originMessageTs" TO "originMessageId";
ALTER TABLE "Notification" RENAME COLUMN "resultTs" TO "resultMessageId";
