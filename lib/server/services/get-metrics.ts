import "server-only";
import { getDb } from "@/lib/server/db/client";
import { countByDriftKind } from "@/lib/server/data/workloads";
import { getMetrics } from "@/lib/server/metrics";
import { DRIFT_KIND_NAMES } from "@/lib/schemas/workloads";

/** Refresh the gauges that come from the database, then render the Prometheus text format. */
export async function renderMetrics(): Promise<{ body: string; contentType: string }> {
  const m = getMetrics();
  const db = getDb();
  const [counts, clusters] = await Promise.all([countByDriftKind(db, {}), db.cluster.findMany({ select: { name: true, lastSuccessAt: true } })]);
  for (const k of DRIFT_KIND_NAMES) m.workloadsByDrift.set({ kind: k }, counts.byKind[k] ?? 0);
  m.workloadsByStatus.set({ status: "drift" }, counts.drift);
  m.workloadsByStatus.set({ status: "in-sync" }, counts.total - counts.drift);
  for (const c of clusters) {
    if (c.lastSuccessAt) m.clusterDataAge.set({ cluster: c.name }, (Date.now() - c.lastSuccessAt.getTime()) / 1000);
  }
  return { body: await m.registry.metrics(), contentType: m.registry.contentType };
}
