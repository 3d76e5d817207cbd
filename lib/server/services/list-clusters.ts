import "server-only";
import { getDb } from "@/lib/server/db/client";
import { listClusters, listRecentPolls } from "@/lib/server/data/clusters";
import { getEnv } from "@/lib/server/env";
import { getRuntime } from "@/lib/server/poller/runtime";
import type { ClusterDto, ClusterListDto } from "@/lib/schemas/fleet";

export async function listClustersWithStatus(): Promise<ClusterListDto> {
  const db = getDb();
  const clusters = await listClusters(db);
  const polls = await Promise.all(clusters.map((c) => listRecentPolls(db, { clusterId: c.id, take: 1 })));
  const items: ClusterDto[] = clusters.map((c, i) => {
    const p = polls[i]?.[0];
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
