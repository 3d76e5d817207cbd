// The two ways a page of search matches is found — the driving term's prefix range grouped and
// sorted ("sparse"), or token rows walked in sort-key order until the page is full ("walk", for
// prefixes matching most of the fleet) — and the per-query choice between them ("auto") return
// the same workloads in the same order, on a synthetic fleet of 3,000 workloads (≈ 60,000 token
// rows: more than the walk's budget, so "auto" also falls back when a dense term's matches sort late).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { createTestDatabase } from "@/test/db";
import { findSearchIds, searchTerms, type SearchPlan } from "@/lib/server/data/search";

const WORKLOADS = 3000;

describe("search plans", () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let prisma: PrismaClient;
  // Every token row, to compute each page independently of either plan.
  let tokens: { workloadId: number; kind: string; token: string; sortKey: string }[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    await c.query(`INSERT INTO cluster (name, environment, server, status) VALUES ('bench-a', 'prod', 'https://a', 'ok'), ('bench-b', 'prod', 'https://b', 'ok'), ('bench-c', 'staging', 'https://c', 'ok')`);
    // Workloads svc-1 … svc-3000 over 3 clusters, 200 namespaces and 500 nodes; the triggers write their tokens.
    await c.query(`
      INSERT INTO workload ("clusterId", namespace, kind, name, "firstSeenAt", "lastSeenAt", status, "driftKinds", "stateHash", current)
      SELECT (SELECT id FROM cluster ORDER BY id OFFSET (i % 3) LIMIT 1), 'ns-' || (i % 200), 'Deployment', 'svc-' || i, now(), now(), 'in-sync', ARRAY[]::text[], md5(i::text),
        jsonb_build_object(
          'containers', jsonb_build_array(jsonb_build_object('name', 'app', 'image', 'registry.example/team-' || (i % 50) || '/svc-' || i || ':1.' || (i % 30),
            'releases', jsonb_build_array(jsonb_build_object('release', 'sha256:' || md5('a' || i) || md5('b' || i), 'digests', jsonb_build_array(),
              'pods', jsonb_build_array('svc-' || i || '-7d9f-a1'), 'nodes', jsonb_build_array('node-' || (i % 500)))))),
          'nodes', jsonb_build_array(jsonb_build_object('name', 'node-' || (i % 500), 'architecture', 'amd64')),
          'podList', jsonb_build_array(jsonb_build_object('name', 'svc-' || i || '-7d9f-a1', 'node', 'node-' || (i % 500), 'architecture', 'amd64')))
      FROM generate_series(1, $1) AS i`, [WORKLOADS]);
    await c.query("ANALYZE workload_search_token");
    tokens = (await c.query(`SELECT "workloadId", kind, token, "sortKey" FROM workload_search_token`)).rows;
    await c.end();
    prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: db.url }) });
  });
  afterAll(async () => {
    await prisma?.$disconnect();
    await db?.drop();
  });

  /** The first `take` workloads (by byte order of sort key) with a token matching every term. */
  const expected = (q: string, take: number) => {
    const terms = searchTerms(q);
    const byWorkload = new Map<number, { sortKey: string; hit: Set<number> }>();
    for (const t of tokens) {
      const w = byWorkload.get(t.workloadId) ?? { sortKey: t.sortKey, hit: new Set<number>() };
      byWorkload.set(t.workloadId, w);
      terms.forEach((term, i) => {
        if ((t.kind === "n" && t.token.startsWith(term.name)) || (t.kind === "d" && term.hex && t.token.startsWith(term.hex))) w.hit.add(i);
      });
    }
    return [...byWorkload.entries()]
      .filter(([, w]) => w.hit.size === terms.length)
      .sort(([, a], [, b]) => Buffer.compare(Buffer.from(a.sortKey), Buffer.from(b.sortKey)))
      .slice(0, take)
      .map(([id]) => id);
  };
  const page = (q: string, take: number, plan: SearchPlan) => findSearchIds(prisma, searchTerms(q), take, plan);
  // The production thresholds scaled to this fleet: "auto" then walks for broad terms, and falls
  // back to the sparse plan when the walk's budget runs out before the page is full (bench-c, whose
  // rows sort after the other clusters'; node-1 at a page of 51).
  const scaled = (q: string, take: number) => findSearchIds(prisma, searchTerms(q), take, "auto", { denseRows: 300, walkRows: 3000 });

  it("the fleet is as built: every workload has tokens, and the walk's budget is smaller than the table", () => {
    expect(new Set(tokens.map((t) => t.workloadId)).size).toBe(WORKLOADS);
    expect(tokens.length).toBeGreaterThan(40_000);
  });

  // Dense (most of the fleet), dense but sorted late (bench-c: the last cluster), mid, sparse,
  // several terms, a digest prefix, none; pages of 1, the service's 51 and more than most match.
  const queries = ["sv", "svc", "no", "node-1", "ns-1", "bench", "bench-c", "svc-1", "svc-2999", "team-7 bench-b", "ns-1 svc-1", "regis node-49", "zzz"];
  const digest = () => tokens.find((t) => t.kind === "d")!.token.slice(0, 8);

  it.each([1, 51, 400])("sparse, walk, auto and auto with scaled thresholds return the same page of %i", async (take) => {
    for (const q of [...queries, digest()]) {
      const want = expected(q, take);
      const got = { sparse: await page(q, take, "sparse"), walk: await page(q, take, "walk"), auto: await page(q, take, "auto"), scaled: await scaled(q, take) };
      expect({ q, ...got }).toEqual({ q, sparse: want, walk: want, auto: want, scaled: want });
    }
  });

  it("the pages are what they say: a broad prefix fills the page, a narrow one finds its few, none finds none", async () => {
    expect((await page("sv", 51, "auto")).length).toBe(51);
    expect((await page("bench-c", 51, "auto")).length).toBe(51);
    expect((await page("svc-2999", 51, "auto")).length).toBe(1);
    expect(await page("zzz", 51, "auto")).toEqual([]);
  });
});
