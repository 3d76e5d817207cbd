// Reading the audit log with node-postgres: the stored columns of events in id order, batch by
// batch, and the chain check over them. Not `server-only`: `driftwatch audit verify`
// (lib/server/cli/audit.ts) runs it outside Next, with the same verifier as the API.
import { CHAIN_SELECT, verifyChain, type AuditVerification, type ChainRow } from "@/lib/server/data/audit-chain";
import type { Queryable } from "@/lib/server/db/pg-types";

/** Every stored column of `audit_event e`, in the order of CHAIN_SELECT (the DTO's key order). */
export const AUDIT_COLUMNS_SQL = Object.keys(CHAIN_SELECT).map((c) => `e."${c}"`).join(", ");

/** A stored event as node-postgres returns it (with the UTC timestamp parser of pg-types). */
export type AuditRow = ChainRow & { id: string };

/** Events with id > `after` in id order, at most `limit`; `where` (over `e`) and its values narrow them. */
export async function readAuditEventsAfter(db: Queryable, opts: { after: bigint; limit: number; where?: string; values?: unknown[] }): Promise<AuditRow[]> {
  const values = [...(opts.values ?? []), opts.after.toString(), opts.limit];
  const n = values.length;
  const res = await db.query<AuditRow>(
    `SELECT ${AUDIT_COLUMNS_SQL} FROM "audit_event" e WHERE (${opts.where ?? "TRUE"}) AND e."id" > $${n - 1}::bigint ORDER BY e."id" ASC LIMIT $${n}`,
    values,
  );
  return res.rows;
}

/** Walks the whole log in id order (keyset batches, constant memory) and reports the first broken link. */
export async function verifyAuditChain(db: Queryable, opts: { batch?: number } = {}): Promise<AuditVerification> {
  // Ids start at 1: 0 is "before the first event".
  return verifyChain((after, limit) => readAuditEventsAfter(db, { after: after ?? 0n, limit }), opts.batch);
}
