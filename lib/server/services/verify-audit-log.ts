import "server-only";
import { verifyAuditChain } from "@/lib/server/data/audit-read";
import { getPgPool } from "@/lib/server/db/pg-pool";
import type { AuditVerifyDto } from "@/lib/schemas/audit";

/** Walks the whole hash chain; the first broken link is named by event id and correlation id. */
export async function verifyAuditLog(): Promise<AuditVerifyDto> {
  return verifyAuditChain(getPgPool());
}
