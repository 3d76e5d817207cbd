import "server-only";
import { hostname } from "node:os";
import { parseReference } from "@/lib/oci/reference";
import { getDb } from "@/lib/server/db/client";
import { getEnv, list } from "@/lib/server/env";
import { logger } from "@/lib/server/logger";
import { Poller } from "@/lib/server/poller/poller";
import { RetentionJob } from "@/lib/server/poller/retention-job";
import { RolloutFollower } from "@/lib/server/jobs/rollout-follower";
import { createPollCluster, type PipelineCluster } from "@/lib/server/poller/pipeline";
import { createRegistryAccess, type RegistryAccess } from "@/lib/server/poller/registry-access";
import { loadClusters } from "@/lib/server/poller/cluster-access";
import type { ClusterSource } from "@/lib/kube/clusters";
import type { TagResolution } from "@/lib/drift/observation";

// The process-wide runtime: cluster access, the shared registry resolver and the poller,
// built once from the validated environment.

export type Runtime = {
  holder: string;
  poller: Poller;
  registry: RegistryAccess;
  resolveKey: (key: string) => Promise<TagResolution>;
  /** Uncached registry answers (pin checks: a digest deleted a second ago must be seen as gone). */
  checkKey: (key: string) => Promise<TagResolution>;
  /** Kubeconfig contexts by cluster name (pins read and patch through these). */
  clusterSources: Map<string, ClusterSource>;
  /** Kubeconfig problems (unreadable file, unknown context …), shown on the fleet page. */
  configErrors: { source: string; message: string }[];
};

const g = globalThis as unknown as { driftwatchRuntime?: Runtime };

export function getRuntime(): Runtime | undefined {
  return g.driftwatchRuntime;
}

export async function startRuntime(): Promise<Runtime | undefined> {
  if (g.driftwatchRuntime) return g.driftwatchRuntime;
  const env = getEnv();
  // Host and port name a replica: restarted in place (same host, same port; same pod in
  // Kubernetes), it takes its clusters' leases back at once instead of waiting for them to expire.
  const holder = env.DRIFTWATCH_REPLICA_ID ?? `${hostname()}:${process.env.PORT ?? "3000"}`;
  const registryOptions = {
    insecureHosts: list(env.DRIFTWATCH_INSECURE_REGISTRIES),
    endpoints: Object.fromEntries(list(env.DRIFTWATCH_REGISTRY_ENDPOINTS).map((kv) => kv.split("=") as [string, string])),
    tagTtlMs: env.DRIFTWATCH_TAG_TTL_SECONDS * 1000,
    allowedRegistries: list(env.DRIFTWATCH_REGISTRY_ALLOWLIST),
  };
  const configErrors: { source: string; message: string }[] = [];
  let registry: RegistryAccess;
  try {
    registry = createRegistryAccess({ ...registryOptions, dockerConfigPath: env.DRIFTWATCH_DOCKER_CONFIG });
  } catch (e) {
    // A broken docker config must not stop polling: resolve without it and say so on the fleet page.
    configErrors.push({ source: env.DRIFTWATCH_DOCKER_CONFIG ?? "DRIFTWATCH_DOCKER_CONFIG", message: `${e instanceof Error ? e.message : String(e)}; registries are asked without these credentials` });
    registry = createRegistryAccess(registryOptions);
  }
  const { clusters, sources, errors: clusterErrors } = loadClusters({
    kubeconfigPath: env.DRIFTWATCH_KUBECONFIG,
    contexts: list(env.DRIFTWATCH_CONTEXTS),
    environments: Object.fromEntries(list(env.DRIFTWATCH_ENVIRONMENTS).map((kv) => kv.split("=") as [string, string])),
    readPullSecrets: env.DRIFTWATCH_PULL_SECRETS === "on",
  });
  const errors = [...configErrors, ...clusterErrors];
  for (const e of errors) logger.error("configuration error", e);
  const targets = new Map<string, PipelineCluster>(clusters.map((c) => [c.identity.name, c]));
  const pollCluster = createPollCluster({
    db: getDb(),
    holder,
    clusters: targets,
    resolve: registry.resolve,
    fetchIndex: registry.fetchIndex,
    registryHealth: registry.health,
    registryStaleMs: env.DRIFTWATCH_REGISTRY_STALE_HOURS * 3_600_000,
  });
  const poller = new Poller({
    db: getDb(),
    holder,
    clusters: clusters.map((c) => ({ name: c.identity.name })),
    intervalMs: env.DRIFTWATCH_POLL_INTERVAL_SECONDS * 1000,
    poll: pollCluster,
    settle: pollCluster.settle,
    peers: pollCluster.peers,
  });
  const fresh = createRegistryAccess({ ...registryOptions, tagTtlMs: 0, ...(configErrors.length ? {} : { dockerConfigPath: env.DRIFTWATCH_DOCKER_CONFIG }) });
  // Checks outside a poll (LKG candidates, pins) use the pull secrets the last poll saw for the repository.
  const credentialsOf = (key: string) => {
    const parsed = parseReference(key);
    return parsed.ok ? pollCluster.credentialsForRepository(`${parsed.value.registry}/${parsed.value.repository}`) : [];
  };
  const runtime: Runtime = {
    holder, poller, registry, configErrors: errors, clusterSources: sources,
    resolveKey: (key) => registry.resolveKey(key, credentialsOf(key)),
    checkKey: (key) => fresh.resolveKey(key, credentialsOf(key)),
  };
  g.driftwatchRuntime = runtime;
  const retention = new RetentionJob({ db: getDb(), holder, policy: { historyDays: env.DRIFTWATCH_HISTORY_DAYS, pollDays: env.DRIFTWATCH_POLL_HISTORY_DAYS } });
  // Pins are followed to the end (and orphaned intents resolved) by one replica at a time.
  const follower = new RolloutFollower({ db: getDb(), holder, source: (name) => sources.get(name) });
  if (env.DRIFTWATCH_POLLER === "on") {
    poller.start();
    retention.start();
    follower.start();
    logger.info("polling started", { holder, clusters: poller.clusters, intervalSeconds: env.DRIFTWATCH_POLL_INTERVAL_SECONDS });
  }
  const stop = () => {
    retention.stop();
    follower.stop();
    void poller.stop().then(() => Promise.all([registry.close(), fresh.close()]));
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
  return runtime;
}
