import "server-only";
import { verifyAuditChain } from "@/lib/server/data/audit";
import { getDb } from "@/lib/server/db/client";
import type { AuditVerifyDto } from "@/lib/schemas/audit";

/** Walks the whole hash chain; the first broken link is named by event id and correlation id. */
export async function verifyAuditLog(): Promise<AuditVerifyDto> {
  return verifyAuditChain(getDb());
}
