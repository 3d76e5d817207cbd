import "server-only";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { addCrossCluster } from "@/lib/drift/fleet";
import { createReleaseResolver, type IndexMap } from "@/lib/drift/releases";
import type { WorkloadAnalysis } from "@/lib/drift/types";
import { listCurrentWorkloads } from "@/lib/server/data/workloads";
import { readCurrent } from "@/lib/server/services/workload-dto";

// Clusters are polled independently (each under its own lease, perhaps by another replica), so
// cross-cluster drift compares this cluster's fresh analysis with the stored current state of
// the other clusters of the same environment.

export async function withPeerCrossCluster(
  db: PrismaClient,
  opts: { clusterId: number; environment: string | null; analyses: WorkloadAnalysis[]; indexes: IndexMap },
): Promise<WorkloadAnalysis[]> {
  if (!opts.environment) return opts.analyses;
  const stored = await listCurrentWorkloads(db, { environment: opts.environment });
  const peers: WorkloadAnalysis[] = stored
    .filter((w) => w.cluster.environment === opts.environment)
    .filter((w) => !opts.analyses.some((a) => a.cluster === w.cluster.name))
    .map((w) => {
      const cur = readCurrent(w.current);
      return {
        cluster: w.cluster.name, environment: opts.environment, kind: w.kind as WorkloadAnalysis["kind"], namespace: w.namespace, name: w.name,
        status: w.status === "drift" ? "drift" : "in-sync", findings: [], health: { replicas: 0, ready: 0, restarts: 0, pullFailures: 0 },
        currentRevision: null, revisions: [], managedBy: null,
        containers: cur.containers.map((c) => ({
          name: c.name, isInit: c.isInit, specImage: c.image, specReference: c.reference, isPinned: c.isPinned, specRelease: null,
          releases: c.releases.map((r) => ({ ...r, unverifiable: r.release.startsWith("unverifiable:") })),
          pendingPods: [], health: c.health,
        })),
      };
    });
  if (peers.length === 0) return opts.analyses;
  const ownCluster = opts.analyses[0]?.cluster;
  return addCrossCluster([...opts.analyses, ...peers], createReleaseResolver(opts.indexes)).filter((a) => a.cluster === ownCluster);
}
