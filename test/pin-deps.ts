// The pin services wired to a test harness: the simulated clusters' kubeconfig sources, the
// harness' uncached registry access (with the pull secrets its polls saw) and its database.
import { loadClusterSources } from "@/lib/kube/clusters";
import { parseReference } from "@/lib/oci/reference";
import type { Harness } from "@/lib/server/poller/test-harness";
import type { PinDeps } from "@/lib/server/services/pin-context";

export function pinDepsFor(h: Harness, extra: Partial<PinDeps> = {}): PinDeps {
  const { clusters } = loadClusterSources({ kubeconfigPath: h.sim.kubeconfigPath, environments: Object.fromEntries(h.sim.clusters.map((c) => [c.context, c.environment])) });
  const sources = new Map(clusters.map((c) => [c.name, c]));
  return {
    db: h.prisma,
    source: (name) => sources.get(name),
    checkKey: (key) => {
      const ref = parseReference(key);
      return h.registry.resolveKey(key, ref.ok ? h.poll.credentialsForRepository(`${ref.value.registry}/${ref.value.repository}`) : []);
    },
    protectedEnvironments: [],
    ...extra,
  };
}

/** PATCH requests a simulated cluster's API server accepted so far. */
export async function patchCounts(h: Harness, cluster: string): Promise<{ patch: number; dryRunPatch: number; put: number }> {
  return (await h.control("GET", `/clusters/${cluster}/requests`)) as { patch: number; dryRunPatch: number; put: number };
}
