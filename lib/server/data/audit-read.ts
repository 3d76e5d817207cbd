// Reading the audit log with node-postgres: events in id order, batch by batch, and the chain
// check over them. Not `server-only`: `driftwatch audit verify` (lib/server/cli/audit.ts) runs it
// outside Next, with the same verifier as the API.
import { CHAIN_SELECT, verifyChain, type AuditVerification, type ChainRow } from "@/lib/server/data/audit-chain";
import type { Queryable } from "@/lib/server/db/pg-types";

const STORED = Object.keys(CHAIN_SELECT);

/** Every stored column of `audit_event e` as stored (`at` a Date, for the verifier's hash). */
const CHAIN_COLUMNS_SQL = STORED.map((c) => `e."${c}"`).join(", ");

/**
 * The export's shape, made by Postgres so rows need no copying: the stored columns in DTO order,
 * `at` as ISO 8601 UTC text, then the cluster's environment (as configured now). Needs FROM_DTO.
 */
export const DTO_COLUMNS_SQL = [...STORED.map((c) => (c === "at" ? `to_char(e."at", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "at"` : `e."${c}"`)), `ce."environment"`].join(", ");
export const FROM_DTO = `"audit_event" e LEFT JOIN "cluster" ce ON ce."name" = e."cluster"`;

/** A stored event as node-postgres returns it (with the UTC timestamp parser of pg-types). */
export type AuditRow = ChainRow & { id: string };

/** Rows with id > `after` in id order, at most `limit`; `where` (over `e`) and its `values` narrow them. */
export async function readAuditRowsAfter<T>(db: Queryable, opts: { columns: string; from: string; after: bigint; limit: number; where?: string; values?: unknown[] }): Promise<T[]> {
  const values = [...(opts.values ?? []), opts.after.toString(), opts.limit];
  const n = values.length;
  const res = await db.query(
    `SELECT ${opts.columns} FROM ${opts.from} WHERE (${opts.where ?? "TRUE"}) AND e."id" > $${n - 1}::bigint ORDER BY e."id" ASC LIMIT $${n}`,
    values,
  );
  return res.rows as T[];
}

/** Walks the whole log in id order (keyset batches, constant memory) and reports the first broken link. */
export async function verifyAuditChain(db: Queryable, opts: { batch?: number } = {}): Promise<AuditVerification> {
  // Ids start at 1: 0 is "before the first event".
  return verifyChain((after, limit) => readAuditRowsAfter<AuditRow>(db, { columns: CHAIN_COLUMNS_SQL, from: `"audit_event" e`, after: after ?? 0n, limit }), opts.batch);
}
