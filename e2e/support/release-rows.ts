import { queryDb } from "./database";

// The release report as the database holds it, computed in SQL straight from the stored rows
// (workload_state intervals, audit_event, index_manifest) — not through Driftwatch's code — so
// an export can be compared with it cell by cell. The rules, as ARCHITECTURE.md states them:
// - a release interval is a run of contiguous state intervals (one's `to` is the next one's
//   `from`) in which a container runs a release (pods > 0) under one spec image;
// - it began by a spec change, on first sight (no contiguous state before, or one without the
//   container) or by a release change (same spec, other bytes: a moved tag has no author);
// - who: an applied Driftwatch change (result/rollout/final) with the same target image (or
//   digest) from 2 hours before to 60 s after the start, the latest one, when the image's field
//   manager is Driftwatch's or unknown; else that field manager; else unknown.

export const RELEASE_COLUMNS = ["cluster", "environment", "namespace", "kind", "name", "container", "specImage", "digest", "indexDigest", "platformDigests", "from", "to", "durationSeconds", "byDigest", "changedByType", "changedByName", "correlationId"] as const;

const SQL = `
WITH wl AS (
  SELECT w.id, c.name AS cluster, c.environment, w.namespace, w.kind, w.name
  FROM workload w JOIN cluster c ON c.id = w."clusterId"
  WHERE c.environment = $1 AND (w."deletedAt" IS NULL OR w."deletedAt" > ($2::timestamptz AT TIME ZONE 'UTC'))
), st AS (
  SELECT s."workloadId", s."from", s."to", s.containers,
    row_number() OVER win AS n,
    lag(s."to") OVER win = s."from" AS contiguous,
    lag(s.containers) OVER win AS before
  FROM workload_state s WHERE s."workloadId" IN (SELECT id FROM wl)
  WINDOW win AS (PARTITION BY s."workloadId" ORDER BY s."from")
), runs AS (
  SELECT DISTINCT st."workloadId", st.n, st."from", st."to", coalesce(st.contiguous, false) AS contiguous,
    x->>'name' AS container, x->>'specImage' AS spec, r->>'release' AS release, x->>'imageManager' AS manager,
    (SELECT b->>'specImage' FROM jsonb_array_elements(CASE WHEN st.contiguous THEN st.before ELSE '[]' END) b WHERE b->>'name' = x->>'name') AS "specBefore"
  FROM st, jsonb_array_elements(st.containers) x, jsonb_array_elements(x->'releases') r
  WHERE (r->>'pods')::int > 0
), marked AS (
  SELECT runs.*, CASE WHEN contiguous AND lag(n) OVER k = n - 1 THEN 0 ELSE 1 END AS "isStart"
  FROM runs WINDOW k AS (PARTITION BY "workloadId", container, release, spec ORDER BY n)
), islands AS (
  SELECT marked.*, sum("isStart") OVER (PARTITION BY "workloadId", container, release, spec ORDER BY n) AS island FROM marked
), iv AS (
  SELECT "workloadId", container, release, spec,
    min("from") AS "from",
    (array_agg("to" ORDER BY n DESC))[1] AS "to",
    (array_agg(CASE WHEN "specBefore" IS NULL THEN 'first-seen' WHEN "specBefore" <> spec THEN 'spec-change' ELSE 'release-change' END ORDER BY n))[1] AS start,
    (array_agg(manager ORDER BY n))[1] AS manager
  FROM islands GROUP BY "workloadId", container, release, spec, island
)
SELECT wl.cluster, wl.environment, wl.namespace, wl.kind, wl.name, iv.container, iv.spec AS "specImage", iv.release AS digest,
  CASE WHEN im.digest IS NULL THEN '' ELSE im.digest END AS "indexDigest",
  coalesce((SELECT string_agg(p->>'digest', ' ' ORDER BY o) FROM jsonb_array_elements(im.platforms) WITH ORDINALITY AS q(p, o) WHERE coalesce(p->>'digest', '') <> ''), '') AS "platformDigests",
  to_char(iv."from", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "from",
  coalesce(to_char(iv."to", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), '') AS "to",
  CASE WHEN iv."to" IS NULL THEN NULL ELSE round(extract(epoch FROM iv."to" - iv."from"))::text END AS "durationSeconds",
  (iv.spec ~ '@sha256:[a-f0-9]{64}$')::text AS "byDigest",
  CASE WHEN dw."correlationId" IS NOT NULL THEN 'driftwatch' WHEN iv.start <> 'release-change' AND iv.manager IS NOT NULL THEN 'field-manager' ELSE 'unknown' END AS "changedByType",
  CASE WHEN dw."correlationId" IS NOT NULL THEN dw.actor WHEN iv.start <> 'release-change' AND iv.manager IS NOT NULL THEN iv.manager ELSE '' END AS "changedByName",
  coalesce(dw."correlationId", '') AS "correlationId",
  (extract(epoch FROM iv."from") * 1000)::bigint::text AS "fromMs"
FROM iv JOIN wl ON wl.id = iv."workloadId"
LEFT JOIN index_manifest im ON im.digest = iv.release
LEFT JOIN LATERAL (
  SELECT e."correlationId", e.actor FROM audit_event e
  WHERE e.cluster = wl.cluster AND e.namespace = wl.namespace AND e.kind = wl.kind AND e.name = wl.name
    AND e.action IN ('pin', 'unpin', 'rollback') AND e.phase IN ('result', 'rollout', 'final') AND e.outcome IN ('applied', 'progressing', 'succeeded')
    AND e."toImage" IS NOT NULL AND (e.container IS NULL OR e.container = iv.container)
    AND (e."toImage" = iv.spec OR substring(e."toImage" FROM '@(sha256:[a-f0-9]{64})$') = substring(iv.spec FROM '@(sha256:[a-f0-9]{64})$'))
    AND e.at BETWEEN iv."from" - interval '2 hours' AND iv."from" + interval '60 seconds'
  ORDER BY e.at DESC, e.id ASC LIMIT 1
) dw ON iv.start <> 'release-change' AND (iv.manager IS NULL OR iv.manager = 'driftwatch')
WHERE iv."to" IS NULL OR iv."to" > ($2::timestamptz AT TIME ZONE 'UTC')
ORDER BY wl.cluster COLLATE "C", wl.namespace COLLATE "C", wl.kind COLLATE "C", wl.name COLLATE "C", iv.container COLLATE "C", iv."from", iv.release COLLATE "C", iv.spec COLLATE "C"`;

type Row = Record<(typeof RELEASE_COLUMNS)[number], string | null> & { fromMs: string };

/**
 * The report's rows for one environment since `from`, as CSV cells. A running row's duration
 * depends on when the export ran: it is given as the range [earliest, latest] that export window allows.
 */
export async function expectedReleaseRows(dbUrl: string, opts: { environment: string; from: Date; exportWindow: { start: number; end: number } }) {
  const rows = await queryDb<Row>(dbUrl, SQL, [opts.environment, opts.from.toISOString()]);
  return rows.map((r) => ({
    cells: RELEASE_COLUMNS.map((c) => r[c] ?? ""),
    runningSeconds: r.durationSeconds === null ? { min: Math.round((opts.exportWindow.start - Number(r.fromMs)) / 1000), max: Math.round((opts.exportWindow.end - Number(r.fromMs)) / 1000) } : null,
  }));
}
