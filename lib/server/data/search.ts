import "server-only";
import type { PrismaClient, Prisma } from "@/lib/generated/prisma/client";
import type { IndexMap } from "@/lib/drift/releases";
import { loadIndexesFor } from "@/lib/server/data/indexes";

// Search reads `workload_search_token` (kept by triggers, migration 20261201191000): one row per
// lower-cased name ("n") or digest hex ("d") a workload is found by, each with the workload's sort
// key. A term is a prefix range on the token index; every term must match; the page is ordered
// and cut by the sort key before a single workload row is read. The service then says, per row,
// what matched and where it runs.

/** One whitespace-separated search word: `name` lower-cased, `hex` set when it reads as a digest prefix. */
export type SearchTerm = { name: string; hex: string | null };

const DIGEST_TERM = /^(?:sha256:)?([0-9a-f]{6,64})$/;

/** The distinct words of `q`, lower-cased (a digest prefix is ≥ 6 hex, with or without "sha256:"). */
export function searchTerms(q: string): SearchTerm[] {
  const words = [...new Set(q.toLowerCase().split(/\s+/).filter(Boolean))];
  return words.map((name) => ({ name, hex: DIGEST_TERM.exec(name)?.[1] ?? null }));
}

/** `value` as a LIKE pattern that matches itself literally (escape character `\`). */
export const likeLiteral = (value: string) => value.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The token rows a term matches, as a Prisma filter (the fleet list filters by the same rule). */
export function termTokenFilter(t: SearchTerm): Prisma.WorkloadSearchTokenWhereInput {
  const name = { kind: "n", token: { startsWith: likeLiteral(t.name) } };
  return t.hex ? { OR: [name, { kind: "d", token: { startsWith: t.hex } }] } : name;
}

export type SearchRow = { id: number; cluster: string; namespace: string; kind: string; name: string; status: string; current: unknown };

/** How a page of matches is found: by the driving term's prefix range ("sparse"), by walking the fleet in sort order ("walk"), or chosen per query ("auto"). */
export type SearchPlan = "auto" | "sparse" | "walk";

// A driving term matching more token rows than this is dense enough that the fleet, walked in
// sort order, yields a page sooner than its matches can be grouped and sorted ("sv" matches
// 300,000 rows of 50,000 workloads; a page is found after ~1,000). Counting up to the cap is one
// short index range.
const DENSE_ROWS = 5000;
// The walk reads at most this many token rows (≈ 1,000 workloads): a dense term whose matches sit
// late in sort order ("bench-c", a cluster sorted last) falls back to the sparse plan, so the
// walk's cost stays bounded.
const WALK_ROWS = 20_000;

/** The terms, the one with the narrowest prefix range (the longest) first. */
const byLength = (terms: SearchTerm[]) => [...terms].sort((a, b) => (b.hex ? 64 : b.name.length) - (a.hex ? 64 : a.name.length));

/** SQL for "every term matches t's workload": the first term as t's own range, the others as probes per row. */
function termSql(terms: SearchTerm[]) {
  const params: unknown[] = [];
  const p = (v: unknown) => `$${params.push(v)}`;
  const cond = (alias: string, t: SearchTerm) => {
    const name = `(${alias}."kind" = 'n' AND ${alias}."token" LIKE ${p(`${likeLiteral(t.name)}%`)})`;
    return t.hex ? `(${name} OR (${alias}."kind" = 'd' AND ${alias}."token" LIKE ${p(`${t.hex}%`)}))` : name;
  };
  const [first, ...rest] = terms;
  const where = [cond("t", first!), ...rest.map((t, i) => `EXISTS (SELECT 1 FROM "workload_search_token" t${i} WHERE t${i}."workloadId" = t."workloadId" AND ${cond(`t${i}`, t)})`)];
  return { params, p, where: where.join(" AND ") };
}

/** Each term's matching token rows, counted up to `cap` (one short index range each). */
async function countRows(db: PrismaClient, terms: SearchTerm[], cap: number): Promise<number[]> {
  const params: unknown[] = [];
  const counts = terms.map((t) => {
    const s = termSql([t]);
    const sql = s.where.replace(/\$(\d+)/g, (_, i: string) => `$${params.length + Number(i)}`);
    params.push(...s.params, cap);
    return `(SELECT count(*)::int FROM (SELECT 1 FROM "workload_search_token" t WHERE ${sql} LIMIT $${params.length}) x)`;
  });
  const [row] = await db.$queryRawUnsafe<[{ n: number[] }]>(`SELECT ARRAY[${counts.join(", ")}] AS n`, ...params);
  return row.n;
}

/**
 * The ids of up to `take` workloads matching every term, in sort-key order. The longest term
 * drives (the narrowest prefix range); the others are index probes per
 * match. Every plan gives the same ids (search-plans.itest.ts).
 */
export async function findSearchIds(
  db: PrismaClient, terms: SearchTerm[], take: number, plan: SearchPlan = "auto", { denseRows = DENSE_ROWS, walkRows = WALK_ROWS } = {},
): Promise<number[]> {
  if (terms.length === 0) return [];
  if (plan !== "auto") return plan === "walk" ? (await walkIds(db, byLength(terms), take, null))! : sparseIds(db, byLength(terms), take);
  // Walk only when every term is broad: one narrow term ("team-7" of "team-7 bench-b") keeps the
  // sparse plan cheap (Postgres joins the terms' ranges itself, whichever drives).
  const n = await countRows(db, terms, denseRows);
  if (n.every((x) => x >= denseRows)) {
    const ids = await walkIds(db, byLength(terms), take, walkRows);
    if (ids) return ids;
  }
  return sparseIds(db, byLength(terms), take);
}

/** Every row of the driving term's range, grouped by workload and sorted: cheap when the range is short. */
async function sparseIds(db: PrismaClient, terms: SearchTerm[], take: number) {
  const s = termSql(terms);
  const rows = await db.$queryRawUnsafe<{ id: number }[]>(
    `SELECT t."workloadId" AS id FROM "workload_search_token" t WHERE ${s.where}
     GROUP BY t."workloadId", t."sortKey" ORDER BY t."sortKey" COLLATE "C" LIMIT ${s.p(take)}`, ...s.params);
  return rows.map((r) => r.id);
}

/**
 * Token rows in sort-key order (index on ("sortKey" COLLATE "C", …), migration 20261201200000),
 * the matching ones' workloads taken until `take`: a workload's rows are adjacent, so DISTINCT ON
 * streams and stops at the page. Reading at most `budget` rows, fewer than `take` found says
 * nothing about what lies beyond: null then. A workload cut off by the budget sorts after every
 * one found, so a full page is exact.
 */
async function walkIds(db: PrismaClient, terms: SearchTerm[], take: number, budget: number | null) {
  const s = termSql(terms);
  const rows = await db.$queryRawUnsafe<{ id: number }[]>(
    `SELECT DISTINCT ON (t."sortKey" COLLATE "C") t."workloadId" AS id
     FROM (SELECT "workloadId", "kind", "token", "sortKey" FROM "workload_search_token" ORDER BY "sortKey" COLLATE "C"
       ${budget === null ? "" : `LIMIT ${s.p(budget)}`}) t
     WHERE ${s.where} ORDER BY t."sortKey" COLLATE "C" LIMIT ${s.p(take)}`, ...s.params);
  return budget === null || rows.length >= take ? rows.map((r) => r.id) : null;
}

/** Up to `take` workloads matching every term, in (cluster, namespace, name, kind) byte order. */
export async function findSearchMatches(db: PrismaClient, terms: SearchTerm[], take: number, plan: SearchPlan = "auto"): Promise<SearchRow[]> {
  const ids = (await findSearchIds(db, terms, take, plan)).map((id) => ({ id }));
  if (ids.length === 0) return [];
  const rows = await db.$queryRawUnsafe<SearchRow[]>(
    `SELECT w."id", c."name" AS cluster, w."namespace", w."kind", w."name", w."status", ${CURRENT_FOR_SEARCH} AS current
     FROM "workload" w JOIN "cluster" c ON c."id" = w."clusterId" WHERE w."id" = ANY($1::int[])`,
    ids.map((r) => r.id),
  );
  const order = new Map(ids.map((r, i) => [r.id, i]));
  return rows.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
}

// Only the parts of `current` a match is described from (not findings, revisions or container
// states): a fraction of the row to send and parse.
const CURRENT_FOR_SEARCH = `jsonb_build_object(
  'nodes', coalesce(w."current"->'nodes', '[]'),
  'podList', coalesce((SELECT jsonb_agg(jsonb_build_object('name', p->'name', 'node', p->'node', 'architecture', p->'architecture'))
    FROM jsonb_array_elements(CASE WHEN jsonb_typeof(w."current"->'podList') = 'array' THEN w."current"->'podList' ELSE '[]' END) p), '[]'),
  'containers', coalesce((SELECT jsonb_agg(jsonb_build_object('name', x->'name', 'image', x->'image', 'releases', coalesce((
      SELECT jsonb_agg(jsonb_build_object('release', r->'release', 'digests', r->'digests', 'pods', r->'pods', 'nodes', r->'nodes'))
      FROM jsonb_array_elements(CASE WHEN jsonb_typeof(x->'releases') = 'array' THEN x->'releases' ELSE '[]' END) r), '[]')))
    FROM jsonb_array_elements(CASE WHEN jsonb_typeof(w."current"->'containers') = 'array' THEN w."current"->'containers' ELSE '[]' END) x), '[]'))`;

/** The cached listings of the image indexes among these rows' releases (for platform-digest matches). */
export async function findIndexesOf(db: PrismaClient, rows: SearchRow[]): Promise<IndexMap> {
  const digests = rows.flatMap((r) => {
    const c = r.current as { containers: { releases: { release: string; digests: string[] }[] }[] };
    return c.containers.flatMap((x) => x.releases.flatMap((rel) => [rel.release, ...(rel.digests ?? [])]));
  });
  return loadIndexesFor(db, digests);
}
