import "server-only";
import { getDb } from "@/lib/server/db/client";
import { getMetrics } from "@/lib/server/metrics";
import { DRIFT_KIND_NAMES } from "@/lib/schemas/workloads";

/** Refresh the gauges that come from the database, then render the Prometheus text format. */
export async function renderMetrics(): Promise<{ body: string; contentType: string }> {
  const m = getMetrics();
  const db = getDb();
  const [byKind, byStatus, clusters] = await Promise.all([
    db.$queryRaw<{ kind: string; n: bigint }[]>`SELECT k AS kind, count(*) AS n FROM "workload", unnest("driftKinds") AS k WHERE "deletedAt" IS NULL GROUP BY k`,
    db.$queryRaw<{ status: string; n: bigint }[]>`SELECT status, count(*) AS n FROM "workload" WHERE "deletedAt" IS NULL GROUP BY status`,
    db.cluster.findMany({ select: { name: true, lastSuccessAt: true } }),
  ]);
  for (const k of DRIFT_KIND_NAMES) m.workloadsByDrift.set({ kind: k }, Number(byKind.find((r) => r.kind === k)?.n ?? 0));
  for (const s of ["in-sync", "drift"]) m.workloadsByStatus.set({ status: s }, Number(byStatus.find((r) => r.status === s)?.n ?? 0));
  for (const c of clusters) {
    if (c.lastSuccessAt) m.clusterDataAge.set({ cluster: c.name }, (Date.now() - c.lastSuccessAt.getTime()) / 1000);
  }
  return { body: await m.registry.metrics(), contentType: m.registry.contentType };
}
