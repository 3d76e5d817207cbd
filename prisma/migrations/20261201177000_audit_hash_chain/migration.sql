-- Audit events carry the caller's role, an optional ticket, an idempotency key, and a hash chain
-- (prevHash = the previous event's hash; hash = sha256 of this event's canonical content).
-- Adding nullable columns rewrites no rows, so the append-only trigger is untouched and kept.
ALTER TABLE "audit_event" ADD COLUMN "role" TEXT;
ALTER TABLE "audit_event" ADD COLUMN "ticket" TEXT;
ALTER TABLE "audit_event" ADD COLUMN "idempotencyKey" TEXT;
ALTER TABLE "audit_event" ADD COLUMN "prevHash" TEXT;
ALTER TABLE "audit_event" ADD COLUMN "hash" TEXT;

-- CreateIndex
CREATE INDEX "audit_event_idempotencyKey_idx" ON "audit_event"("idempotencyKey");
