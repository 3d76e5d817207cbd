import "server-only";
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import { auditSelect, toAuditDto, type AuditEventDto } from "@/lib/server/data/audit";
import type { AuditFilters } from "@/lib/schemas/audit";

// Reading the audit log: changes (events grouped by correlation id) page by keyset on the id of a
// change's first matching event, newest first; exports walk events in id order, batch by batch.

type Db = PrismaClient | Prisma.TransactionClient;

/** The filters as SQL over the alias `a` ("e" or "p"); values are always bound parameters. */
function whereSql(a: "e" | "p", f: AuditFilters): Prisma.Sql {
  const col = (c: string) => Prisma.raw(`${a}."${c}"`);
  const parts: Prisma.Sql[] = [Prisma.sql`TRUE`];
  if (f.from) parts.push(Prisma.sql`${col("at")} >= ${new Date(f.from)}`);
  if (f.to) parts.push(Prisma.sql`${col("at")} < ${new Date(f.to)}`);
  if (f.environment) parts.push(Prisma.sql`${col("cluster")} IN (SELECT c."name" FROM "cluster" c WHERE c."environment" = ${f.environment})`);
  for (const key of ["cluster", "namespace", "kind", "name", "actor", "action", "outcome", "correlationId"] as const) {
    const v = f[key];
    if (v !== undefined) parts.push(Prisma.sql`${col(key)} = ${v}`);
  }
  return Prisma.join(parts, " AND ");
}

/** cluster name → environment, as configured now (events keep the cluster name). */
export async function clusterEnvironments(db: Db): Promise<Map<string, string | null>> {
  const rows = await db.cluster.findMany({ select: { name: true, environment: true } });
  return new Map(rows.map((r) => [r.name, r.environment]));
}

export type AuditChangeRow = { correlationId: string; anchor: bigint; events: AuditEventDto[] };

/**
 * A page of changes, newest first. A change matches when one of its events matches every filter;
 * it is then shown with all its events (intent, result, rollout, review …), oldest first.
 */
export async function listAuditChanges(db: Db, opts: { filters: AuditFilters; before?: bigint; take: number }): Promise<{ items: AuditChangeRow[]; hasMore: boolean }> {
  const before = opts.before ?? null;
  // The first matching event of each change is its anchor: later events (a review next week)
  // never move a change, so keyset pages neither repeat nor skip one.
  const anchors = await db.$queryRaw<{ correlationId: string; id: bigint }[]>`
    SELECT e."correlationId", e."id" FROM "audit_event" e
    WHERE ${whereSql("e", opts.filters)} AND (${before}::bigint IS NULL OR e."id" < ${before}::bigint)
      AND NOT EXISTS (SELECT 1 FROM "audit_event" p WHERE p."correlationId" = e."correlationId" AND p."id" < e."id" AND ${whereSql("p", opts.filters)})
    ORDER BY e."id" DESC LIMIT ${opts.take + 1}`;
  const page = anchors.slice(0, opts.take);
  const ids = page.map((r) => r.correlationId);
  const events = ids.length
    ? await db.auditEvent.findMany({ where: { correlationId: { in: ids } }, select: auditSelect, orderBy: { id: "asc" } })
    : [];
  const byCorrelation = new Map<string, AuditEventDto[]>(ids.map((id) => [id, []]));
  for (const e of events) byCorrelation.get(e.correlationId)?.push(toAuditDto(e));
  return {
    items: page.map((r) => ({ correlationId: r.correlationId, anchor: r.id, events: byCorrelation.get(r.correlationId) ?? [] })),
    hasMore: anchors.length > opts.take,
  };
}

const COLUMNS = Prisma.raw(Object.keys(auditSelect).map((c) => `e."${c}"`).join(", "));

/** Every matching event in id order, read in keyset batches: memory stays flat whatever the count. */
export async function* streamAuditEvents(db: Db, opts: { filters: AuditFilters; batch?: number }): AsyncGenerator<AuditEventDto[]> {
  const batch = opts.batch ?? 500;
  let after = 0n;
  for (;;) {
    const rows = await db.$queryRaw<Parameters<typeof toAuditDto>[0][]>`
      SELECT ${COLUMNS} FROM "audit_event" e WHERE ${whereSql("e", opts.filters)} AND e."id" > ${after}
      ORDER BY e."id" ASC LIMIT ${batch}`;
    if (rows.length === 0) return;
    yield rows.map(toAuditDto);
    if (rows.length < batch) return;
    after = BigInt(rows[rows.length - 1]!.id);
  }
}
