import "server-only";
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import type { StateInterval } from "@/lib/drift/release-intervals";
import type { ReleaseFilters } from "@/lib/schemas/audit";

// Reads behind the release report: workloads in a stable order (cluster, namespace, kind, name)
// by keyset, their stored state intervals, the Driftwatch changes that touched them, and the
// platform digests of index releases. Deleted workloads are included: they ran too.

export type WorkloadKey = { cluster: string; namespace: string; kind: string; name: string };
export type ReportWorkload = WorkloadKey & { id: number; environment: string | null };

export async function listReportWorkloads(db: PrismaClient, opts: { filters: ReleaseFilters; after?: WorkloadKey; inclusive?: boolean; take: number }): Promise<ReportWorkload[]> {
  const f = opts.filters;
  const parts: Prisma.Sql[] = [Prisma.sql`TRUE`];
  if (f.environment) parts.push(Prisma.sql`c."environment" = ${f.environment}`);
  if (f.cluster) parts.push(Prisma.sql`c."name" = ${f.cluster}`);
  if (f.namespace) parts.push(Prisma.sql`w."namespace" = ${f.namespace}`);
  if (f.kind) parts.push(Prisma.sql`w."kind" = ${f.kind}`);
  if (f.name) parts.push(Prisma.sql`w."name" = ${f.name}`);
  // A workload that began after the range, or was gone before it, has nothing to report.
  if (f.to) parts.push(Prisma.sql`w."firstSeenAt" < ${new Date(f.to)}`);
  if (f.from) parts.push(Prisma.sql`(w."deletedAt" IS NULL OR w."deletedAt" > ${new Date(f.from)})`);
  const a = opts.after;
  // Byte order (COLLATE "C") in both the comparison and the sort, whatever the database's locale.
  if (a) {
    parts.push(Prisma.sql`(c."name" COLLATE "C", w."namespace" COLLATE "C", w."kind" COLLATE "C", w."name" COLLATE "C")
      ${opts.inclusive ? Prisma.sql`>=` : Prisma.sql`>`} (${a.cluster}::text COLLATE "C", ${a.namespace}::text COLLATE "C", ${a.kind}::text COLLATE "C", ${a.name}::text COLLATE "C")`);
  }
  return db.$queryRaw<ReportWorkload[]>`
    SELECT w."id", c."name" AS "cluster", c."environment", w."namespace", w."kind", w."name"
    FROM "workload" w JOIN "cluster" c ON c."id" = w."clusterId"
    WHERE ${Prisma.join(parts, " AND ")}
    ORDER BY c."name" COLLATE "C", w."namespace" COLLATE "C", w."kind" COLLATE "C", w."name" COLLATE "C"
    LIMIT ${opts.take}`;
}

/**
 * Every stored interval of these workloads, per workload, oldest first. All of them, not just the
 * range's: a release that began before the range (or ends after it) is reported with its true ends.
 */
export async function loadStateIntervals(db: PrismaClient, opts: { workloadIds: number[] }): Promise<Map<number, StateInterval[]>> {
  const rows = await db.workloadState.findMany({
    where: { workloadId: { in: opts.workloadIds } },
    select: { workloadId: true, from: true, to: true, containers: true },
    orderBy: [{ workloadId: "asc" }, { from: "asc" }],
  });
  const out = new Map<number, StateInterval[]>();
  for (const r of rows) {
    const list = out.get(r.workloadId) ?? [];
    list.push({ from: r.from, to: r.to, containers: (r.containers ?? []) as StateInterval["containers"] });
    out.set(r.workloadId, list);
  }
  return out;
}

export type DriftwatchChange = WorkloadKey & { correlationId: string; at: Date; actor: string; container: string | null; toImage: string | null };

/** Applied pins, unpins and rollbacks of these workloads (their result or rollout events). */
export async function loadDriftwatchChanges(db: PrismaClient, workloads: WorkloadKey[]): Promise<DriftwatchChange[]> {
  if (workloads.length === 0) return [];
  const col = (k: keyof WorkloadKey) => workloads.map((w) => w[k]);
  return db.$queryRaw<DriftwatchChange[]>`
    SELECT e."correlationId", e."at", e."actor", e."container", e."toImage", e."cluster", e."namespace", e."kind", e."name"
    FROM "audit_event" e
    JOIN unnest(${col("cluster")}::text[], ${col("namespace")}::text[], ${col("kind")}::text[], ${col("name")}::text[]) AS k(cluster, namespace, kind, name)
      ON e."cluster" = k.cluster AND e."namespace" = k.namespace AND e."kind" = k.kind AND e."name" = k.name
    WHERE e."action" IN ('pin', 'unpin', 'rollback') AND e."phase" IN ('result', 'rollout', 'final')
      AND e."outcome" IN ('applied', 'progressing', 'succeeded') AND e."toImage" IS NOT NULL
    ORDER BY e."id"`;
}

/** index digest → its platform manifests' digests, for the releases that are indexes. */
export async function loadIndexPlatforms(db: PrismaClient, digests: string[]): Promise<Map<string, string[]>> {
  if (digests.length === 0) return new Map();
  const rows = await db.indexManifest.findMany({ where: { digest: { in: digests } }, select: { digest: true, platforms: true } });
  return new Map(rows.map((r) => [r.digest, ((r.platforms ?? []) as { digest?: string }[]).map((p) => p.digest ?? "").filter(Boolean)]));
}
