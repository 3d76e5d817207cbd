import "server-only";
import type { StateInterval } from "@/lib/drift/release-intervals";
import { needsEarlierStates, needsLaterStates } from "@/lib/drift/release-window";
import { SqlParams, type Queryable } from "@/lib/server/db/pg-types";
import type { ReleaseFilters } from "@/lib/schemas/audit";

// Reads behind the release report (node-postgres, see lib/server/db/pg-pool.ts): workloads in a
// stable order (cluster, namespace, kind, name) by keyset, their stored state intervals for the
// range, the Driftwatch changes that touched them, and the platform digests of index releases.
// Deleted workloads are included: they ran too.

export type WorkloadKey = { cluster: string; namespace: string; kind: string; name: string };
export type ReportWorkload = WorkloadKey & { id: number; environment: string | null };

export async function listReportWorkloads(db: Queryable, opts: { filters: ReleaseFilters; after?: WorkloadKey; inclusive?: boolean; take: number }): Promise<ReportWorkload[]> {
  const f = opts.filters;
  const p = new SqlParams();
  const parts = ["TRUE"];
  if (f.environment) parts.push(`c."environment" = ${p.add(f.environment)}`);
  if (f.cluster) parts.push(`c."name" = ${p.add(f.cluster)}`);
  if (f.namespace) parts.push(`w."namespace" = ${p.add(f.namespace)}`);
  if (f.kind) parts.push(`w."kind" = ${p.add(f.kind)}`);
  if (f.name) parts.push(`w."name" = ${p.add(f.name)}`);
  // A workload that began after the range, or was gone before it, has nothing to report.
  if (f.to) parts.push(`w."firstSeenAt" < ${p.instant(f.to)}`);
  if (f.from) parts.push(`(w."deletedAt" IS NULL OR w."deletedAt" > ${p.instant(f.from)})`);
  const a = opts.after;
  // Byte order (COLLATE "C") in both the comparison and the sort, whatever the database's locale.
  if (a) {
    const t = (v: string) => `${p.add(v)}::text COLLATE "C"`;
    parts.push(`(c."name" COLLATE "C", w."namespace" COLLATE "C", w."kind" COLLATE "C", w."name" COLLATE "C")
      ${opts.inclusive ? ">=" : ">"} (${t(a.cluster)}, ${t(a.namespace)}, ${t(a.kind)}, ${t(a.name)})`);
  }
  const { rows } = await db.query<ReportWorkload>(
    `SELECT w."id", c."name" AS "cluster", c."environment", w."namespace", w."kind", w."name"
     FROM "workload" w JOIN "cluster" c ON c."id" = w."clusterId"
     WHERE ${parts.join(" AND ")}
     ORDER BY c."name" COLLATE "C", w."namespace" COLLATE "C", w."kind" COLLATE "C", w."name" COLLATE "C"
     LIMIT ${p.add(opts.take)}`,
    p.values,
  );
  return rows;
}

type StateRow = StateInterval & { workloadId: number };
const STATE_COLUMNS = `s."workloadId", s."from", s."to", s."containers"`;

function groupStates(rows: StateRow[], into = new Map<number, StateInterval[]>()): Map<number, StateInterval[]> {
  for (const r of rows) {
    const list = into.get(r.workloadId) ?? [];
    list.push({ from: r.from, to: r.to, containers: r.containers ?? [] });
    into.set(r.workloadId, list);
  }
  return into;
}

/** Up to `limit` states of each workload just before (`dir` "before") or after its bound, nearest first. */
async function loadStatesBeside(db: Queryable, dir: "before" | "after", bounds: { id: number; at: Date }[], limit: number): Promise<StateRow[]> {
  const { rows } = await db.query<StateRow>(
    `SELECT ${STATE_COLUMNS} FROM unnest($1::int[], $2::timestamptz[]) AS k("id", "at")
     CROSS JOIN LATERAL (SELECT * FROM "workload_state" s WHERE s."workloadId" = k."id" AND s."from" ${dir === "before" ? "<" : ">"} (k."at" AT TIME ZONE 'UTC')
       ORDER BY s."from" ${dir === "before" ? "DESC" : "ASC"} LIMIT $3) s`,
    [bounds.map((b) => b.id), bounds.map((b) => b.at.toISOString()), limit],
  );
  return rows;
}

/**
 * The stored intervals of these workloads that a report over [from, to) needs, per workload,
 * oldest first: those overlapping the range, and beyond each end the states a release running
 * across it began or ended in (lib/drift/release-window.ts), so it is reported with its true
 * start and end. A 90-day report reads about 90 days of states, not the whole retained history.
 */
export async function loadStateIntervals(db: Queryable, opts: { workloadIds: number[]; from?: string; to?: string }): Promise<Map<number, StateInterval[]>> {
  const p = new SqlParams();
  const parts = [`s."workloadId" = ANY(${p.add(opts.workloadIds)}::int[])`];
  if (opts.from) parts.push(`(s."to" IS NULL OR s."to" > ${p.instant(opts.from)})`);
  if (opts.to) parts.push(`s."from" < ${p.instant(opts.to)}`);
  const { rows } = await db.query<StateRow>(`SELECT ${STATE_COLUMNS} FROM "workload_state" s WHERE ${parts.join(" AND ")} ORDER BY s."workloadId", s."from"`, p.values);
  const out = groupStates(rows);
  if (opts.from) await extend(db, out, "before", (states) => needsEarlierStates(states, new Date(opts.from!)));
  if (opts.to) await extend(db, out, "after", (states) => needsLaterStates(states, new Date(opts.to!)));
  return out;
}

/** Steps outward from the loaded states while `needs` asks, 4, 16, 64 … states at a time. */
async function extend(db: Queryable, out: Map<number, StateInterval[]>, dir: "before" | "after", needs: (states: StateInterval[]) => boolean) {
  const done = new Set<number>();
  for (let limit = 4; ; limit = Math.min(limit * 4, 1024)) {
    const ids = [...out].filter(([id, states]) => !done.has(id) && states.length > 0 && needs(states)).map(([id]) => id);
    if (ids.length === 0) return;
    const bounds = ids.map((id) => {
      const states = out.get(id)!;
      return { id, at: dir === "before" ? states[0]!.from : states[states.length - 1]!.from };
    });
    const more = groupStates(await loadStatesBeside(db, dir, bounds, limit));
    for (const id of ids) {
      const got = more.get(id) ?? [];
      if (got.length < limit) done.add(id); // the workload's first (or last) state is loaded now
      const states = out.get(id)!;
      out.set(id, dir === "before" ? [...got.reverse(), ...states] : [...states, ...got]);
    }
  }
}

export type DriftwatchChange = WorkloadKey & { correlationId: string; at: Date; actor: string; container: string | null; toImage: string | null };

/** A workload and the span (inclusive) in which a change of it matters to the report. */
export type ChangeWindow = WorkloadKey & { from: Date; to: Date };

/** Applied pins, unpins and rollbacks of these workloads within their windows (their result or rollout events). */
export async function loadDriftwatchChanges(db: Queryable, windows: ChangeWindow[]): Promise<DriftwatchChange[]> {
  if (windows.length === 0) return [];
  const col = (k: keyof WorkloadKey) => windows.map((w) => w[k]);
  const { rows } = await db.query<DriftwatchChange>(
    `SELECT e."correlationId", e."at", e."actor", e."container", e."toImage", e."cluster", e."namespace", e."kind", e."name"
     FROM "audit_event" e
     JOIN unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::timestamptz[]) AS k(cluster, namespace, kind, name, "from", "to")
       ON e."cluster" = k.cluster AND e."namespace" = k.namespace AND e."kind" = k.kind AND e."name" = k.name
       AND e."at" >= (k."from" AT TIME ZONE 'UTC') AND e."at" <= (k."to" AT TIME ZONE 'UTC')
     WHERE e."action" IN ('pin', 'unpin', 'rollback') AND e."phase" IN ('result', 'rollout', 'final')
       AND e."outcome" IN ('applied', 'progressing', 'succeeded') AND e."toImage" IS NOT NULL
     ORDER BY e."id"`,
    [col("cluster"), col("namespace"), col("kind"), col("name"), windows.map((w) => w.from.toISOString()), windows.map((w) => w.to.toISOString())],
  );
  return rows;
}

/** index digest → its platform manifests' digests, for the releases that are indexes. */
export async function loadIndexPlatforms(db: Queryable, digests: string[]): Promise<Map<string, string[]>> {
  if (digests.length === 0) return new Map();
  const { rows } = await db.query<{ digest: string; platforms: { digest?: string }[] | null }>(`SELECT "digest", "platforms" FROM "index_manifest" WHERE "digest" = ANY($1::text[])`, [digests]);
  return new Map(rows.map((r) => [r.digest, (r.platforms ?? []).map((x) => x.digest ?? "").filter(Boolean)]));
}
