import "server-only";
import { loadClusterSources } from "@/lib/kube/clusters";
import { collectCluster } from "@/lib/kube/collect";
import { LRUCache } from "lru-cache";
import { collectPullSecrets, secretReaderFor, type SecretCacheEntry } from "@/lib/kube/pull-secrets";
import type { PipelineCluster } from "@/lib/server/poller/pipeline";

/** Clusters from kubeconfig contexts; broken contexts are reported, the rest still polled. */
export function loadClusters(opts: { kubeconfigPath?: string; contexts: string[]; environments: Record<string, string>; readPullSecrets?: boolean }) {
  const { clusters, errors } = loadClusterSources({
    kubeconfigPath: opts.kubeconfigPath,
    contexts: opts.contexts,
    environments: opts.environments,
  });
  const targets: PipelineCluster[] = clusters.map((source) => {
    const readSecret = opts.readPullSecrets === false ? undefined : secretReaderFor(source);
    // 5 minutes: a rotated secret is picked up within that, and the credentials of a secret no
    // workload names any more leave memory with its entry (bounded in count too).
    const cache = new LRUCache<string, SecretCacheEntry>({ max: 2_000, ttl: 300_000, ttlAutopurge: true });

    return {
      identity: { name: source.name, environment: source.environment, server: source.server },
      collect: () => collectCluster(source),
      ...(readSecret ? { pullSecrets: (workloads) => collectPullSecrets(source, workloads, readSecret, { cache }) } : {}),
    };
  });
  // The sources too: pins read and patch workloads with the same credentials the poller uses.
  return { clusters: targets, sources: new Map(clusters.map((c) => [c.name, c])), errors };
}
