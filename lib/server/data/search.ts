import "server-only";
import type { PrismaClient } from "@/lib/generated/prisma/client";

// Candidate rows for search. Each term becomes a substring test on the trigram-indexed
// `workload.searchText` (escaped: `%` and `_` are literal), or'ed with the digests an image index
// ties it to and with the clusters whose name starts with it. The service then decides, per row,
// what exactly matched (prefix rules), so false positives here only cost a little work.

export type SearchTerm = { text: string; digests: string[]; clusterIds: number[] };
export type SearchRow = { cluster: string; namespace: string; kind: string; name: string; status: string; current: unknown };

/** `value` as a LIKE pattern that matches itself literally (escape character `\`). */
export const likeLiteral = (value: string) => value.replace(/[\\%_]/g, (c) => `\\${c}`);

export async function findSearchCandidates(db: PrismaClient, terms: SearchTerm[], take: number): Promise<SearchRow[]> {
  const params: unknown[] = [];
  const p = (v: unknown) => `$${params.push(v)}`;
  const conditions = terms.map((t) => {
    const ors = [`w."searchText" LIKE ${p(`%${likeLiteral(t.text.toLowerCase())}%`)}`];
    if (t.digests.length) ors.push(`w."searchText" LIKE ANY(${p(t.digests.map((d) => `%${likeLiteral(d.toLowerCase())}%`))}::text[])`);
    if (t.clusterIds.length) ors.push(`w."clusterId" = ANY(${p(t.clusterIds)}::int[])`);
    return `(${ors.join(" OR ")})`;
  });
  const sql = `SELECT c."name" AS cluster, w."namespace", w."kind", w."name", w."status", w."current"
    FROM "workload" w JOIN "cluster" c ON c."id" = w."clusterId"
    WHERE w."deletedAt" IS NULL AND ${conditions.join(" AND ")}
    ORDER BY c."name", w."namespace", w."name", w."kind" LIMIT ${p(take)}`;
  return db.$queryRawUnsafe<SearchRow[]>(sql, ...params);
}

/** Clusters whose name starts with `prefix` (case-insensitive). */
export async function findClustersByPrefix(db: PrismaClient, prefix: string) {
  const rows = await db.cluster.findMany({ select: { id: true, name: true } });
  return rows.filter((c) => c.name.toLowerCase().startsWith(prefix.toLowerCase()));
}

/**
 * Image indexes related to a digest prefix (hex, lower-case): an index whose own digest starts with
 * it, or that lists a platform digest starting with it. Returns each such index with its children.
 */
export async function findIndexesByDigestPrefix(db: PrismaClient, hex: string) {
  const pattern = `%sha256:${likeLiteral(hex)}%`;
  const rows = await db.$queryRawUnsafe<{ digest: string; platforms: unknown }[]>(
    `SELECT "digest", "platforms" FROM "index_manifest" WHERE "digest" LIKE $1 OR "platforms"::text LIKE $1 LIMIT 50`,
    pattern,
  );
  return rows.map((r) => ({
    digest: r.digest,
    children: Array.isArray(r.platforms) ? (r.platforms as { digest?: unknown }[]).flatMap((x) => (typeof x.digest === "string" ? [x.digest] : [])) : [],
  }));
}
