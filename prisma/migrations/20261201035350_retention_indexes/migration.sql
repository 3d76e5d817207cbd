-- CreateIndex
CREATE INDEX "poll_startedAt_idx" ON "poll"("startedAt");

-- CreateIndex
CREATE INDEX "workload_state_to_idx" ON "workload_state"("to");
