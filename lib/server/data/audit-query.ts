import "server-only";
import { DTO_COLUMNS_SQL, FROM_DTO, readAuditRowsAfter } from "@/lib/server/data/audit-read";
import { SqlParams, type Queryable } from "@/lib/server/db/pg-types";
import type { AuditEventOut, AuditFilters } from "@/lib/schemas/audit";

// Reading the audit log (node-postgres, see lib/server/db/pg-pool.ts): changes (events grouped by
// correlation id) page by keyset on the id of a change's first matching event, newest first;
// exports walk events in id order, batch by batch.

/** The filters as SQL over the alias `a` ("e" or "p"); values are always bound parameters. */
function whereSql(a: "e" | "p", f: AuditFilters, p: SqlParams): string {
  const col = (c: string) => `${a}."${c}"`;
  const parts = ["TRUE"];
  if (f.from) parts.push(`${col("at")} >= ${p.instant(f.from)}`);
  if (f.to) parts.push(`${col("at")} < ${p.instant(f.to)}`);
  if (f.environment) parts.push(`${col("cluster")} IN (SELECT c."name" FROM "cluster" c WHERE c."environment" = ${p.add(f.environment)})`);
  for (const key of ["cluster", "namespace", "kind", "name", "actor", "action", "outcome", "correlationId"] as const) {
    const v = f[key];
    if (v !== undefined) parts.push(`${col(key)} = ${p.add(v)}`);
  }
  return parts.join(" AND ");
}

export type AuditChangeRow = { correlationId: string; anchor: bigint; events: AuditEventOut[] };

/**
 * A page of changes, newest first. A change matches when one of its events matches every filter;
 * it is then shown with all its events (intent, result, rollout, review …), oldest first.
 */
export async function listAuditChanges(db: Queryable, opts: { filters: AuditFilters; before?: bigint; take: number }): Promise<{ items: AuditChangeRow[]; hasMore: boolean }> {
  const p = new SqlParams();
  const before = opts.before === undefined ? "" : `AND e."id" < ${p.add(opts.before.toString())}::bigint`;
  // The first matching event of each change is its anchor: later events (a review next week)
  // never move a change, so keyset pages neither repeat nor skip one.
  const { rows: anchors } = await db.query<{ correlationId: string; id: string }>(
    `SELECT e."correlationId", e."id" FROM "audit_event" e
     WHERE ${whereSql("e", opts.filters, p)} ${before}
       AND NOT EXISTS (SELECT 1 FROM "audit_event" p WHERE p."correlationId" = e."correlationId" AND p."id" < e."id" AND ${whereSql("p", opts.filters, p)})
     ORDER BY e."id" DESC LIMIT ${p.add(opts.take + 1)}`,
    p.values,
  );
  const page = anchors.slice(0, opts.take);
  const ids = page.map((r) => r.correlationId);
  const events = ids.length
    ? (await db.query<AuditEventOut>(`SELECT ${DTO_COLUMNS_SQL} FROM ${FROM_DTO} WHERE e."correlationId" = ANY($1::text[]) ORDER BY e."id" ASC`, [ids])).rows
    : [];
  const byCorrelation = new Map<string, AuditEventOut[]>(ids.map((id) => [id, []]));
  for (const e of events) byCorrelation.get(e.correlationId)?.push(e);
  return {
    items: page.map((r) => ({ correlationId: r.correlationId, anchor: BigInt(r.id), events: byCorrelation.get(r.correlationId) ?? [] })),
    hasMore: anchors.length > opts.take,
  };
}

/**
 * Every matching event in id order, read in keyset batches, as rows Postgres shaped (no copy per
 * row): memory stays one batch whatever the count.
 */
export async function* streamAuditEvents(db: Queryable, opts: { filters: AuditFilters; batch?: number }): AsyncGenerator<AuditEventOut[]> {
  const batch = opts.batch ?? 500;
  const p = new SqlParams();
  const where = whereSql("e", opts.filters, p);
  let after = 0n;
  for (;;) {
    const rows = await readAuditRowsAfter<AuditEventOut>(db, { columns: DTO_COLUMNS_SQL, from: FROM_DTO, after, limit: batch, where, values: p.values });
    if (rows.length === 0) return;
    yield rows;
    if (rows.length < batch) return;
    after = BigInt(rows[rows.length - 1]!.id);
  }
}
