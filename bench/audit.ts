// `npm run bench -- audit [--events N] [--workloads N]`: exports at audit scale.
//  1. 1,000,000 hash-chained audit events (chained in this process, inserted in batches with
//     unnest): GET /api/audit?format=csv and ?format=ndjson, streamed to nowhere — time, rows,
//     bytes and peak RSS; the same after a quarter of the events, to show memory does not grow
//     with the row count; then the chain verified end to end (GET /api/audit/verify).
//  2. One year of release history for 5,000 workloads (a release every two weeks, a health
//     change in between: generate_series SQL): GET /api/releases?format=csv|ndjson, same figures.
// Each export runs its route handler (no HTTP) in a child process of its own: peak RSS is getrusage's
// maxRSS of that process, runtime and modules included (tsx compiling the sources costs ~20 MB
// of that). The routes read through node-postgres (lib/server/db/pg-pool.ts); the child reports
// whether a Prisma client was created, which would put Prisma's engine in the figure.
import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { hashAuditContent } from "../lib/server/data/audit-chain";
import { startEmbeddedPostgres } from "../lib/server/db/embedded";
import { migrate } from "../lib/server/db/migrate";
import { migrationsDir } from "../lib/server/db/paths";

const MB = 1024 * 1024;

function option(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
}

/** Appends `count` chained events after `state`, 10,000 per INSERT … SELECT FROM unnest(…). */
export async function insertAuditEvents(c: pg.Client, count: number, state: { nextId: bigint; prevHash: string | null; at: number }) {
  const cols = ["id", "at", "correlationId", "phase", "action", "actor", "role", "reason", "ticket", "cluster", "namespace", "kind", "name", "container", "fromImage", "toImage", "outcome", "idempotencyKey", "details", "prevHash", "hash"] as const;
  const types = ["bigint", "timestamp", ...Array(16).fill("text"), "jsonb", "text", "text"];
  const phases = ["intent", "result", "rollout", "final"] as const;
  const outcomes = [null, "applied", "progressing", "succeeded"] as const;
  for (let done = 0; done < count; ) {
    const n = Math.min(10_000, count - done);
    const arrays: unknown[][] = cols.map(() => []);
    for (let k = 0; k < n; k++) {
      const i = Number(state.nextId);
      const change = Math.floor(i / 4);
      const e = {
        id: state.nextId, at: new Date(state.at), correlationId: `chg-${change}`, phase: phases[i % 4]!, action: change % 5 === 0 ? "rollback" : "pin",
        actor: `user-${change % 37}`, role: "operator", reason: `INC-${change % 997}: roll back the rebuilt tag`, ticket: `INC-${change % 997}`,
        cluster: `prod-${change % 5}`, namespace: `ns-${change % 20}`, kind: "Deployment", name: `svc-${change % 5000}`, container: "app",
        fromImage: `registry.example/svc-${change % 5000}:1.${change % 9}`, toImage: `registry.example/svc-${change % 5000}:1.${change % 9}@sha256:${"c".repeat(64)}`,
        outcome: outcomes[i % 4]!, idempotencyKey: i % 4 < 2 ? `idem-${change}` : null, details: { resourceVersion: String(i), updated: i % 4, desired: 3 }, prevHash: state.prevHash,
      };
      const hash = hashAuditContent(e);
      // Strings for the driver: a Date would be sent in the local zone, a bigint is not accepted.
      const row = { ...e, id: String(e.id), at: e.at.toISOString(), hash, details: JSON.stringify(e.details) };
      cols.forEach((col, j) => arrays[j]!.push(row[col]));
      state.prevHash = hash;
      state.nextId += 1n;
      state.at += 1000;
    }
    const select = cols.map((_, j) => `$${j + 1}::${types[j]}[]`).join(", ");
    await c.query(`INSERT INTO audit_event (${cols.map((x) => `"${x}"`).join(", ")}) SELECT * FROM unnest(${select})`, arrays);
    done += n;
  }
  await c.query(`SELECT setval(pg_get_serial_sequence('audit_event', 'id'), $1)`, [String(state.nextId - 1n)]);
}

/** One year for workloads [first, end) over 5 clusters (3 prod): a new release every 14 days, a health change after 7. */
export async function insertReleaseHistory(c: pg.Client, first: number, end: number) {
  if (first === 0) await c.query(`INSERT INTO cluster (name, environment, server) SELECT 'prod-' || i, CASE WHEN i < 3 THEN 'prod' ELSE 'staging' END, 'https://c' || i FROM generate_series(0, 4) i`);
  const { rows } = await c.query<{ id: number }>(`
    INSERT INTO workload ("clusterId", namespace, kind, name, "firstSeenAt", "lastSeenAt")
    SELECT (SELECT id FROM cluster WHERE name = 'prod-' || (i % 5)), 'ns-' || (i % 20), 'Deployment', 'svc-' || i, now() - interval '366 days', now()
    FROM generate_series($1::int, $2::int - 1) i RETURNING id`, [first, end]);
  await c.query(`
    INSERT INTO workload_state ("workloadId", "from", "to", "stateHash", containers, status, changes, "isTransition")
    SELECT w.id, start + j * interval '7 days', CASE WHEN j = 51 THEN NULL ELSE start + (j + 1) * interval '7 days' END, md5(w.id || '-' || j),
      jsonb_build_array(jsonb_build_object('name', 'app', 'isInit', false, 'specImage', 'registry.example/' || w.name || ':1.' || (j / 2),
        'releases', jsonb_build_array(jsonb_build_object('release', 'sha256:' || md5(w.id || ':' || (j / 2)) || md5((j / 2) || ':' || w.id), 'pods', 3, 'readyPods', 3 - j % 2)),
        'health', jsonb_build_object('replicas', 3, 'ready', 3 - j % 2, 'restarts', j % 2, 'pullFailures', 0), 'imageManager', 'helm')),
      'in-sync', '[]', j % 2 = 0 AND j > 0
    FROM workload w, generate_series(0, 51) j, LATERAL (SELECT now() - interval '364 days' + (w.id % 1440) * interval '1 minute' AS start) s
    WHERE w.id = ANY($1::int[])`, [rows.map((r) => r.id)]);
}

type Figures = { ms: number; bytes: number; lines: number; baseRssMb: number; maxRssMb: number; filename: string; result: { ok: boolean; checked: number } | null; prisma: boolean };

/** One export in a fresh child process (its peak RSS is the export's alone). */
function exportInChild(databaseUrl: string, which: "audit" | "releases" | "verify", url: string): Figures {
  const out = execFileSync(process.execPath, ["--conditions=react-server", "--import", "tsx", "bench/_export-child.ts", which, url], {
    env: { ...process.env, DATABASE_URL: databaseUrl, DRIFTWATCH_POLLER: "off" },
    encoding: "utf8",
    maxBuffer: 16 * MB,
  });
  return JSON.parse(out.trim().split("\n").pop()!) as Figures;
}

function report(label: string, r: Figures, header: number) {
  const rows = r.lines - header;
  console.log(
    `${label}: ${rows.toLocaleString("en")} rows, ${(r.bytes / MB).toFixed(0)} MB in ${(r.ms / 1000).toFixed(1)} s ` +
      `(${Math.round((rows / r.ms) * 1000).toLocaleString("en")} rows/s); RSS ${r.baseRssMb.toFixed(0)} MB after loading, peak ${r.maxRssMb.toFixed(0)} MB${r.prisma ? " (Prisma client created)" : ""} — ${r.filename}`,
  );
}

export async function run(args: string[]) {
  const events = option(args, "events", 1_000_000);
  const workloads = option(args, "workloads", 5000);
  const dataDir = path.join(process.cwd(), ".test-data", `bench-audit-${process.pid}`);
  const db = await startEmbeddedPostgres({ dataDir: path.join(dataDir, "pg") });
  const c = new pg.Client({ connectionString: db.url });
  try {
    await migrate(db.url, migrationsDir);
    await c.connect();
    process.env.DATABASE_URL = db.url;
    const audit = (url: string) => exportInChild(db.url, "audit", url);
    const releases = (url: string) => exportInChild(db.url, "releases", url);
    const verify = () => {
      const v = exportInChild(db.url, "verify", "/api/audit/verify");
      console.log(`verify: ok=${v.result?.ok}, ${v.result?.checked.toLocaleString("en")} events in ${(v.ms / 1000).toFixed(1)} s; RSS ${v.baseRssMb.toFixed(0)} MB after loading, peak ${v.maxRssMb.toFixed(0)} MB`);
    };

    const state = { nextId: 1n, prevHash: null as string | null, at: Date.now() - events * 1000 };
    let t0 = performance.now();
    const quarter = Math.floor(events / 4);
    await insertAuditEvents(c, quarter, state);
    await c.query("VACUUM ANALYZE audit_event");
    console.log(`inserted ${quarter.toLocaleString("en")} chained audit events in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    report("floor: one JSON page of 1 change (runtime and the route's modules; no Prisma on this path)", audit("/api/audit?limit=1"), 0);
    report(`audit CSV, ${quarter.toLocaleString("en")} events`, audit("/api/audit?format=csv"), 1);
    verify();
    t0 = performance.now();
    await insertAuditEvents(c, events - quarter, state);
    await c.query("VACUUM ANALYZE audit_event");
    console.log(`inserted ${(events - quarter).toLocaleString("en")} more in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    report(`audit CSV, ${events.toLocaleString("en")} events`, audit("/api/audit?format=csv"), 1);
    report(`audit NDJSON, ${events.toLocaleString("en")} events`, audit("/api/audit?format=ndjson"), 0);
    report(`audit CSV, filtered to action=rollback`, audit("/api/audit?format=csv&action=rollback"), 1);
    verify();

    const addWorkloads = async (first: number, end: number) => {
      t0 = performance.now();
      await insertReleaseHistory(c, first, end);
      await c.query("VACUUM ANALYZE workload_state");
      const states = (await c.query<{ n: string }>("SELECT count(*) AS n FROM workload_state")).rows[0]!.n;
      console.log(`inserted workloads up to ${end.toLocaleString("en")}, one year of history each (${Number(states).toLocaleString("en")} state rows) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    };
    const someWorkloads = Math.floor(workloads / 4);
    await addWorkloads(0, someWorkloads);
    report(`releases CSV, one year, ${someWorkloads.toLocaleString("en")} workloads`, releases("/api/releases?format=csv"), 1);
    await addWorkloads(someWorkloads, workloads);
    report(`releases CSV, one year, ${workloads.toLocaleString("en")} workloads`, releases("/api/releases?format=csv"), 1);
    report("releases NDJSON, one year, all", releases("/api/releases?format=ndjson"), 0);
    const from = new Date(Date.now() - 90 * 86_400_000).toISOString();
    report("releases CSV, environment=prod, last 90 days", releases(`/api/releases?format=csv&environment=prod&from=${from}`), 1);
  } finally {
    await c.end().catch(() => {});
    await db.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
