import "server-only";
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";

// The changes feed's reads: release transitions (workload-state rows marked isTransition) and tag
// moves (tag-resolution rows), each newest first by keyset on (time, id). The feed merges the two
// with the source as a tie-break: order (at desc, source asc, id desc), "release" before "tag".

export type ChangeSource = "release" | "tag";
export type ChangeKey = { at: Date; source: ChangeSource; id: bigint };
export type ChangeWindow = { since: Date; until?: Date; after?: ChangeKey; take: number };
export type ChangeWorkloadFilters = { environment?: string; cluster?: string; namespace?: string; kind?: string; name?: string };

/** Rows of `source` that come after the cursor in the merged order. */
function afterCursor(source: ChangeSource, col: { at: Prisma.Sql; id: Prisma.Sql }, after?: ChangeKey): Prisma.Sql {
  if (!after) return Prisma.sql`TRUE`;
  if (source === after.source) return Prisma.sql`(${col.at} < ${after.at} OR (${col.at} = ${after.at} AND ${col.id} < ${after.id}))`;
  return source > after.source ? Prisma.sql`${col.at} <= ${after.at}` : Prisma.sql`${col.at} < ${after.at}`;
}

function workloadWhere(f: ChangeWorkloadFilters): Prisma.Sql {
  const parts: Prisma.Sql[] = [Prisma.sql`TRUE`];
  if (f.environment) parts.push(Prisma.sql`c."environment" = ${f.environment}`);
  if (f.cluster) parts.push(Prisma.sql`c."name" = ${f.cluster}`);
  if (f.namespace) parts.push(Prisma.sql`w."namespace" = ${f.namespace}`);
  if (f.kind) parts.push(Prisma.sql`w."kind" = ${f.kind}`);
  if (f.name) parts.push(Prisma.sql`w."name" = ${f.name}`);
  return Prisma.join(parts, " AND ");
}

export type TransitionRow = { id: bigint; from: Date; changes: unknown; cluster: string; environment: string | null; namespace: string; kind: string; name: string };

export async function listTransitionPage(db: PrismaClient, win: ChangeWindow & { filters: ChangeWorkloadFilters }): Promise<TransitionRow[]> {
  const until = win.until ?? null;
  return db.$queryRaw<TransitionRow[]>`
    SELECT s."id", s."from", s."changes", c."name" AS "cluster", c."environment", w."namespace", w."kind", w."name"
    FROM "workload_state" s JOIN "workload" w ON w."id" = s."workloadId" JOIN "cluster" c ON c."id" = w."clusterId"
    WHERE s."isTransition" AND s."from" >= ${win.since} AND (${until}::timestamp IS NULL OR s."from" < ${until}::timestamp)
      AND ${workloadWhere(win.filters)}
      AND ${afterCursor("release", { at: Prisma.sql`s."from"`, id: Prisma.sql`s."id"` }, win.after)}
    ORDER BY s."from" DESC, s."id" DESC
    LIMIT ${win.take}`;
}

export type TagMoveRow = { id: bigint; from: Date; reference: string; digest: string | null; previousDigest: string | null; errorCode: string | null; errorMessage: string | null };

/**
 * Tag moves and lost tags (a registry saying the manifest or repository is not there). With
 * workload filters, only the tags that the matching workloads' specs use.
 */
export async function listTagMovePage(db: PrismaClient, win: ChangeWindow & { filters: ChangeWorkloadFilters }): Promise<TagMoveRow[]> {
  const until = win.until ?? null;
  const f = win.filters;
  const isFiltered = Boolean(f.environment || f.cluster || f.namespace || f.kind || f.name);
  const usedBy = isFiltered
    ? Prisma.sql`t."reference" IN (
        SELECT x->>'reference' FROM "workload" w JOIN "cluster" c ON c."id" = w."clusterId",
          jsonb_array_elements(CASE WHEN jsonb_typeof(w."current"->'containers') = 'array' THEN w."current"->'containers' ELSE '[]'::jsonb END) AS x
        WHERE ${workloadWhere(f)})`
    : Prisma.sql`TRUE`;
  return db.$queryRaw<TagMoveRow[]>`
    SELECT t."id", t."from", t."reference", t."digest", t."previousDigest", t."errorCode", t."errorMessage"
    FROM "tag_resolution" t
    WHERE t."from" >= ${win.since} AND (${until}::timestamp IS NULL OR t."from" < ${until}::timestamp)
      AND ((t."previousDigest" IS NOT NULL AND t."digest" IS NOT NULL) OR t."errorCode" IN ('MANIFEST_UNKNOWN', 'NAME_UNKNOWN'))
      AND ${usedBy}
      AND ${afterCursor("tag", { at: Prisma.sql`t."from"`, id: Prisma.sql`t."id"` }, win.after)}
    ORDER BY t."from" DESC, t."id" DESC
    LIMIT ${win.take}`;
}
