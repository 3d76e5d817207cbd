import "server-only";
import { getDb } from "@/lib/server/db/client";
import { getLastUsablePoll, listClusters, listRecentPolls } from "@/lib/server/data/clusters";
import { getEnv } from "@/lib/server/env";
import { stalenessOf } from "@/lib/server/services/staleness";
import { getRuntime } from "@/lib/server/poller/runtime";
import type { ClusterDto, ClusterListDto } from "@/lib/schemas/fleet";

export async function listClustersWithStatus(): Promise<ClusterListDto> {
  const db = getDb();
  const clusters = await listClusters(db);
  const polls = await Promise.all(clusters.map((c) => listRecentPolls(db, { clusterId: c.id, take: 1 })));
  // A failed (or still running) last poll saw nothing: the counts are those of the last one that did.
  const usable = await Promise.all(
    polls.map((p, i) => (p[0] && (p[0].status === "ok" || p[0].status === "partial") ? p[0] : getLastUsablePoll(db, { clusterId: clusters[i]!.id }))),
  );
  const items: ClusterDto[] = clusters.map((c, i) => {
    const p = polls[i]?.[0];
    const known = usable[i];
    return {
      name: c.name,
      environment: c.environment,
      server: c.server,
      status: (["ok", "partial", "failed"].includes(c.status) ? c.status : "unknown") as ClusterDto["status"],
      lastPollAt: c.lastPollAt?.toISOString() ?? null,
      lastSuccessAt: c.lastSuccessAt?.toISOString() ?? null,
      error: c.lastError ? { code: c.lastErrorCode, message: c.lastError } : null,
      lastPoll: p
        ? { startedAt: p.startedAt.toISOString(), durationMs: p.durationMs, status: p.status, workloads: p.workloads, pods: p.pods, nodes: p.nodes, rowsWritten: p.rowsWritten, gaps: (p.gaps as unknown[]) ?? [] }
        : null,
      stale: stalenessOf(c).stale,
      workloads: known?.workloads ?? null,
      pods: known?.pods ?? null,
      nodes: known?.nodes ?? null,
      countsAsOf: known?.finishedAt?.toISOString() ?? null,
    };
  });
  const env = getEnv();
  const runtime = getRuntime();
  return {
    items,
    polling: { intervalSeconds: env.DRIFTWATCH_POLL_INTERVAL_SECONDS, holder: runtime?.holder ?? null, isDemo: env.DRIFTWATCH_DEMO === "1", isRunning: !!runtime && env.DRIFTWATCH_POLLER === "on" },
    configErrors: runtime?.configErrors ?? [],
  };
}
