// GET /api/changes over a synthetic quarter: with since/until and a cursor the pages read every
// change in the window exactly once, newest first (many share a timestamp), and filters and
// unknown parameters behave.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { createTestDatabase } from "@/test/db";
import { changeListSchema, type ChangeDto } from "@/lib/schemas/fleet";

type Route = (req: Request) => Promise<Response>;
const Q3 = { since: "2026-07-01T00:00:00.000Z", until: "2026-10-01T00:00:00.000Z" };

describe("changes API over a quarter", () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let prisma: PrismaClient;
  let route: Route;
  beforeAll(async () => {
    db = await createTestDatabase();
    process.env.DATABASE_URL = db.url;
    prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: db.url }) });
    await prisma.cluster.createMany({ data: [{ name: "prod-eu", environment: "prod", server: "https://eu" }, { name: "staging", environment: "staging", server: "https://st" }] });
    // 40 workloads over two clusters; each one's image is reg/app-<n>:1.
    await prisma.$executeRaw`
      INSERT INTO "workload" ("clusterId", "namespace", "kind", "name", "firstSeenAt", "lastSeenAt", "current")
      SELECT c."id", 'shop', 'Deployment', 'app-' || n, '2026-01-01', '2026-12-01',
             jsonb_build_object('containers', jsonb_build_array(jsonb_build_object('name', 'app', 'reference', 'reg/app-' || n || ':1')))
      FROM generate_series(0, 39) n JOIN "cluster" c ON c."name" = CASE WHEN n % 2 = 0 THEN 'prod-eu' ELSE 'staging' END`;
    // Two transitions an hour from mid-June to mid-October, in pairs sharing a timestamp (ties must not be lost or repeated).
    await prisma.$executeRaw`
      INSERT INTO "workload_state" ("workloadId", "from", "to", "stateHash", "containers", "status", "changes", "isTransition")
      SELECT w."id", TIMESTAMP '2026-06-15' + (i / 2) * INTERVAL '1 hour', NULL, 'h' || i, '[]', 'in-sync',
             jsonb_build_array(jsonb_build_object('type', 'release-change', 'container', 'app', 'fromReleases', jsonb_build_array('sha256:old' || i),
               'toReleases', jsonb_build_array('sha256:new' || i), 'added', '[]'::jsonb, 'removed', '[]'::jsonb, 'fromSpecImage', 'x', 'toSpecImage', 'x')),
             TRUE
      FROM generate_series(0, 2 * 24 * 120 - 1) i JOIN "workload" w ON w."name" = 'app-' || (i % 40)`;
    // A tag move every 6 hours, some at exactly the same time as transitions.
    await prisma.$executeRaw`
      INSERT INTO "tag_resolution" ("reference", "digest", "previousDigest", "from", "lastCheckedAt")
      SELECT 'reg/app-' || (i % 40) || ':1', 'sha256:t' || i, 'sha256:t' || (i - 1), TIMESTAMP '2026-06-15' + i * INTERVAL '6 hours', now()
      FROM generate_series(0, 4 * 120 - 1) i`;
    route = (await import("@/app/api/changes/route")).GET as Route;
  });
  afterAll(async () => {
    await prisma?.$disconnect();
    await db?.drop();
  });

  const page = async (q: string) => {
    const res = await route(new Request(`http://localhost/api/changes?${q}`));
    expect(res.status).toBe(200);
    return changeListSchema.parse(await res.json());
  };
  const id = (c: ChangeDto) => (c.type === "release" ? `r:${c.cluster}/${c.name}:${c.toReleases[0]}` : `t:${c.reference}:${c.toDigest}`);

  async function readAll(q: string, limit: number) {
    const seen: ChangeDto[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const p = await page(`${q}&limit=${limit}${cursor ? `&cursor=${cursor}` : ""}`);
      seen.push(...p.items);
      cursor = p.nextCursor;
      pages++;
    } while (cursor);
    return { seen, pages };
  }

  it("reads the quarter in full, no repeats, no gaps, newest first", async () => {
    const expected = await prisma.$queryRaw<{ id: string }[]>`
      SELECT id FROM (
        SELECT 'r:' || c."name" || '/' || w."name" || ':' || (s."changes"->0->'toReleases'->>0) AS id, s."from" AS at, 0 AS src, s."id" AS k
        FROM "workload_state" s JOIN "workload" w ON w."id" = s."workloadId" JOIN "cluster" c ON c."id" = w."clusterId"
        WHERE s."from" >= ${new Date(Q3.since)} AND s."from" < ${new Date(Q3.until)}
        UNION ALL
        SELECT 't:' || "reference" || ':' || "digest", "from", 1, "id" FROM "tag_resolution" WHERE "from" >= ${new Date(Q3.since)} AND "from" < ${new Date(Q3.until)}
      ) x ORDER BY at DESC, src ASC, k DESC`;
    expect(expected.length).toBe(2 * 24 * 92 + 4 * 92); // 92 days in Q3
    const { seen, pages } = await readAll(`since=${Q3.since}&until=${Q3.until}`, 97);
    expect(pages).toBe(Math.ceil(expected.length / 97));
    expect(seen.map(id)).toEqual(expected.map((e) => e.id));
    const times = seen.map((c) => c.at);
    expect(times.every((t) => t >= Q3.since && t < Q3.until)).toBe(true);
    expect([...times].sort().reverse()).toEqual(times);
  });

  it("filters releases by cluster and environment, and tag moves to the tags those workloads use", async () => {
    const { seen } = await readAll(`since=2026-09-30T00:00:00Z&until=2026-10-01T00:00:00Z&cluster=prod-eu`, 10);
    const releases = seen.filter((c) => c.type === "release");
    const tags = seen.filter((c) => c.type === "tag");
    expect([releases.length, tags.length]).toEqual([24, 2]); // even i → even app → prod-eu; 2 of the day's 4 tag moves are of even apps
    expect(releases.every((c) => c.type === "release" && c.cluster === "prod-eu" && c.environment === "prod")).toBe(true);
    const staging = await readAll(`since=2026-09-30T00:00:00Z&until=2026-10-01T00:00:00Z&environment=staging`, 500);
    expect([staging.seen.filter((c) => c.type === "release").length, staging.seen.filter((c) => c.type === "tag").length]).toEqual([24, 2]);
  });

  it("answers 400 naming unknown and malformed parameters", async () => {
    const res = await route(new Request("http://localhost/api/changes?cluster=prod-eu&until=2026-13-45&region=eu&cursor=zzz"));
    expect(res.status).toBe(400);
    const body = (await res.json()) as { invalid: { field: string }[] };
    expect(body.invalid.map((f) => f.field).sort()).toEqual(["region", "until"]);
    const bad = await route(new Request("http://localhost/api/changes?cursor=zzz"));
    expect([bad.status, ((await bad.json()) as { invalid: { field: string }[] }).invalid.map((f) => f.field)]).toEqual([400, ["cursor"]]);
  });
});
