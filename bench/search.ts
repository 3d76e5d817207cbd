// `npm run bench -- search [workloads]`: GET /api/search over 50,000 synthetic workloads (3
// clusters, unique digests, pods and nodes each), p50/p95 per query shape and overall. The route
// handler is called in-process, so HTTP overhead is not included.
import { rmSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { startEmbeddedPostgres } from "../lib/server/db/embedded";
import { migrate } from "../lib/server/db/migrate";
import { migrationsDir } from "../lib/server/db/paths";

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

const ARCH = (node: string) => `CASE WHEN (${node}) % 5 = 0 THEN 'arm64' ELSE 'amd64' END`;

export async function synthesise(databaseUrl: string, workloads: number) {
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  const t0 = performance.now();
  await c.query(`INSERT INTO cluster (name, environment, server, status) VALUES ('bench-a', 'prod', 'https://a', 'ok'), ('bench-b', 'prod', 'https://b', 'ok'), ('bench-c', 'staging', 'https://c', 'ok')`);
  // Each workload: one container, two releases (unique index + child digests), 4 pods on 2 of 500
  // nodes (every fifth node arm64, the rest amd64).
  await c.query(`
    INSERT INTO workload ("clusterId", namespace, kind, name, "firstSeenAt", "lastSeenAt", status, "driftKinds", "stateHash", current)
    SELECT (SELECT id FROM cluster ORDER BY id OFFSET (i % 3) LIMIT 1), 'ns-' || (i % 200), 'Deployment', 'svc-' || i, now(), now(), 'in-sync', ARRAY[]::text[], md5(i::text),
      jsonb_build_object(
        'containers', jsonb_build_array(jsonb_build_object('name', 'app', 'image', 'registry.example/team-' || (i % 50) || '/svc-' || i || ':1.' || (i % 30),
          'releases', jsonb_build_array(
            jsonb_build_object('release', 'sha256:' || md5('a' || i) || md5('b' || i), 'digests', jsonb_build_array('sha256:' || md5('a' || i) || md5('b' || i)),
              'pods', jsonb_build_array('svc-' || i || '-7d9f-a1', 'svc-' || i || '-7d9f-a2'), 'nodes', jsonb_build_array('node-' || (i % 500))),
            jsonb_build_object('release', 'sha256:' || md5('c' || i) || md5('d' || i), 'digests', jsonb_build_array('sha256:' || md5('c' || i) || md5('d' || i)),
              'pods', jsonb_build_array('svc-' || i || '-5c4b-b1', 'svc-' || i || '-5c4b-b2'), 'nodes', jsonb_build_array('node-' || ((i + 7) % 500)))))),
        'nodes', jsonb_build_array(jsonb_build_object('name', 'node-' || (i % 500), 'architecture', ${ARCH("i % 500")}),
                                   jsonb_build_object('name', 'node-' || ((i + 7) % 500), 'architecture', ${ARCH("(i + 7) % 500")})),
        'podList', jsonb_build_array(
          jsonb_build_object('name', 'svc-' || i || '-7d9f-a1', 'node', 'node-' || (i % 500), 'architecture', ${ARCH("i % 500")}),
          jsonb_build_object('name', 'svc-' || i || '-7d9f-a2', 'node', 'node-' || (i % 500), 'architecture', ${ARCH("i % 500")}),
          jsonb_build_object('name', 'svc-' || i || '-5c4b-b1', 'node', 'node-' || ((i + 7) % 500), 'architecture', ${ARCH("(i + 7) % 500")}),
          jsonb_build_object('name', 'svc-' || i || '-5c4b-b2', 'node', 'node-' || ((i + 7) % 500), 'architecture', ${ARCH("(i + 7) % 500")}))
      )
    FROM generate_series(1, $1) AS i`, [workloads]);
  // Image indexes for a tenth of the first releases, each with two platform children.
  await c.query(`
    INSERT INTO index_manifest (digest, "mediaType", platforms)
    SELECT 'sha256:' || md5('a' || i) || md5('b' || i), 'application/vnd.oci.image.index.v1+json',
      jsonb_build_array(jsonb_build_object('os', 'linux', 'architecture', 'amd64', 'digest', 'sha256:' || md5('e' || i) || md5('f' || i)),
                        jsonb_build_object('os', 'linux', 'architecture', 'arm64', 'digest', 'sha256:' || md5('g' || i) || md5('h' || i)))
    FROM generate_series(1, $1, 10) AS i`, [workloads]);
  await c.query("ANALYZE");
  const { rows } = await c.query<{ a: string; e: string }>(`SELECT md5('a' || 4711) AS a, md5('e' || 4711) AS e`);
  await c.end();
  console.log(`synthetic fleet: ${workloads} workloads in ${(performance.now() - t0).toFixed(0)} ms`);
  return { indexDigest: rows[0]!.a, childDigest: rows[0]!.e };
}

export async function run(args: string[]) {
  process.on("uncaughtException", (e: Error & { code?: string }) => {
    if (e.code !== "57P01" && !/Connection terminated unexpectedly/.test(e.message)) throw e;
  });
  const workloads = Number(args[0] ?? 50_000);
  const dataDir = path.join(process.cwd(), ".test-data", `bench-search-${process.pid}`);
  const db = await startEmbeddedPostgres({ dataDir: path.join(dataDir, "pg") });
  const keepAlive = setInterval(() => {}, 1000);
  try {
    await migrate(db.url, migrationsDir);
    const d = await synthesise(db.url, workloads);
    process.env.DATABASE_URL = db.url;
    const { GET } = await import("../app/api/search/route");
    const shapes: Record<string, string> = {
      "digest prefix (6 hex)": d.indexDigest.slice(0, 6),
      "platform digest prefix": `sha256:${d.childDigest.slice(0, 12)}`,
      "node": "node-123",
      "pod": "svc-4711-7d9f",
      "workload": "svc-4711",
      "namespace (mixed case)": "NS-17",
      "image tag + cluster": "team-7 bench-b",
      // Broad prefixes, as typed (the box asks 250 ms after typing stops; the API needs ≥ 2
      // characters): each matches most of the fleet, so a page must be found without grouping
      // and sorting every match.
      "broad 2-char": "sv",
      "broad 3-char": "svc",
      "broad 2-char (no)": "no",
      "broad node prefix": "node-1",
      "broad namespace prefix": "ns-1",
      "broad cluster": "bench",
    };
    const all: number[] = [];
    for (const [shape, q] of Object.entries(shapes)) {
      const times: number[] = [];
      let count = 0;
      for (let i = 0; i < 40; i++) {
        const t = performance.now();
        const res = await GET(new Request(`http://bench/api/search?q=${encodeURIComponent(q)}`));
        const body = (await res.json()) as { items: unknown[] };
        if (res.status !== 200) throw new Error(`q=${q} → ${res.status}`);
        times.push(performance.now() - t);
        count = body.items.length;
      }
      all.push(...times.slice(5)); // the first few warm the pools and caches
      console.log(`  ${shape.padEnd(26)} q=${JSON.stringify(q).padEnd(24)} ${String(count).padStart(3)} items  p50 ${pct(times, 50).toFixed(1)} ms  p95 ${pct(times, 95).toFixed(1)} ms`);
    }
    console.log(`GET /api/search over ${workloads} workloads (${all.length} requests, ${Object.keys(shapes).length} shapes): p50 ${pct(all, 50).toFixed(1)} ms, p95 ${pct(all, 95).toFixed(1)} ms`);
  } finally {
    clearInterval(keepAlive);
    await db.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
