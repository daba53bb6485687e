-- CreateIndex
CREATE INDEX "Escalation_deadlineId_idx" ON "Escalation"("deadlineId");
